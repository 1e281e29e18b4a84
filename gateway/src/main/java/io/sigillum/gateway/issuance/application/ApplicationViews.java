package io.sigillum.gateway.issuance.application;

import io.sigillum.gateway.issuance.product.ProductCatalogue;
import java.util.Arrays;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/** Joins a stored application with its product into the view the API shows, with the transitions legal from it. */
@Component
class ApplicationViews {

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
                        .toList()));
    }
}
