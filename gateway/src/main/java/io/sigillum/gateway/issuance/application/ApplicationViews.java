package io.sigillum.gateway.issuance.application;

import io.sigillum.gateway.issuance.InvalidValueException;
import io.sigillum.gateway.issuance.product.ProductCatalogue;
import java.util.Arrays;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Joins a stored application with its product into the view the API shows, with the transitions legal from it and the
 * applicant parsed from its data.
 */
@Component
class ApplicationViews {

    private static final Logger log = LoggerFactory.getLogger(ApplicationViews.class);

    private final ProductCatalogue catalogue;

    ApplicationViews(ProductCatalogue catalogue) {
        this.catalogue = catalogue;
    }

    Mono<ApplicationView> of(ApplicationRepository.Stored stored) {
        return catalogue.get(stored.productId()).map(product -> new ApplicationView(stored.id(), stored.number(),
                stored.state(), product, stored.parameters(), stored.data(), stored.pointOfSaleId(),
                stored.documentsAcceptedAt(), stored.createdAt(), stored.updatedAt(),
                Arrays.stream(ApplicationTransition.values())
                        .filter(t -> t.next(stored.state(), product.operatorCountersign()).isPresent())
                        .toList(),
                applicant(stored)));
    }

    /**
     * Stored data passed the validator, so they parse; data that a rule made since refuses leave the view without an
     * applicant (still readable, but the later stages refuse it) rather than fail every read.
     */
    private static Optional<Applicant> applicant(ApplicationRepository.Stored stored) {
        try {
            return stored.data().map(Applicant::from);
        } catch (InvalidValueException e) {
            // the code only: nothing of the personal data in the log
            log.warn("Application {} has applicant data that no longer parse: {}", stored.id(), e.code());
            return Optional.empty();
        }
    }
}
