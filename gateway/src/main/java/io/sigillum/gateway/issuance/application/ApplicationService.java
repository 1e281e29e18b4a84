package io.sigillum.gateway.issuance.application;

import io.sigillum.gateway.account.AccountService;
import io.sigillum.gateway.account.CurrentAccount;
import io.sigillum.gateway.account.Role;
import io.sigillum.gateway.issuance.IssuanceProperties;
import io.sigillum.gateway.issuance.ecode.ECode;
import io.sigillum.gateway.issuance.ecode.ECodeService;
import io.sigillum.gateway.issuance.product.Product;
import io.sigillum.gateway.issuance.product.ProductCatalogue;
import io.sigillum.gateway.redis.SlidingWindowLimits;
import io.sigillum.gateway.redis.SlidingWindowLimits.Limit;
import io.sigillum.gateway.web.ApiException;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The wizard (later stages move through {@link ApplicationProgress}): every transition loads the caller's own
 * application under a row lock, asks {@link ApplicationTransition} whether the move is legal (409 with {@code
 * currentState} if not), applies it and appends to the history — all in one transaction of its own (which an {@code
 * Idempotency-Key}'s record joins, see {@link io.sigillum.gateway.issuance.idempotency.IdempotentTransitions}).
 */
@Service
public class ApplicationService {

    private final ApplicationRepository applications;
    private final ProductCatalogue catalogue;
    private final ApplicationViews views;
    private final ECodeService ecodes;
    private final AccountService accounts;
    private final IssuanceProperties properties;
    private final TransactionalOperator tx;
    private final Clock clock;
    private final ObjectProvider<CancellationListener> cancellationListeners;
    private final SlidingWindowLimits limits;

    ApplicationService(ApplicationRepository applications, ProductCatalogue catalogue, ApplicationViews views,
            ECodeService ecodes, AccountService accounts, IssuanceProperties properties, TransactionalOperator tx, Clock clock,
            ObjectProvider<CancellationListener> cancellationListeners, SlidingWindowLimits limits) {
        this.cancellationListeners = cancellationListeners;
        this.limits = limits;
        this.applications = applications;
        this.catalogue = catalogue;
        this.views = views;
        this.ecodes = ecodes;
        this.accounts = accounts;
        this.properties = properties;
        this.tx = tx;
        this.clock = clock;
    }

    /** A history entry as the API shows it. */
    public record HistoryView(String transition, Optional<ApplicationState> fromState, ApplicationState toState,
            Optional<String> actor, java.time.Instant at) {
    }

    /**
     * Redeems an e-code (exactly once) and opens a DRAFT application for its product; an account tries at most
     * {@code redemptionsPerHour} codes an hour (429 with Retry-After after that), so that codes cannot be guessed.
     */
    public Mono<ApplicationView> redeem(CurrentAccount applicant, ECode code) {
        applicant.require(Role.APPLICANT);
        return limits.admit(List.of(new Limit("ecode-redemptions:{" + applicant.id() + "}", properties.redemptionsPerHour(),
                        Duration.ofHours(1), "Too many e-codes tried from this account")))
                .then(ecodes.redeem(applicant.id(), code))
                .flatMap(redeemed -> open(applicant, redeemed, applicant.pointOfSaleId()))
                .as(tx::transactional);
    }

    /**
     * Opens a DRAFT application paid from the inviting organisation's stock (the vendors' "kod z puli"), for the product
     * of the applicant's accepted invitation that names one and has opened none yet: each such invitation opens one. 404
     * {@code no_invitation_to_apply} when none waits; 409 {@code insufficient_stock} (the invitation still waiting) when
     * the organisation's stock has run out since.
     */
    public Mono<ApplicationView> openFromInvitation(CurrentAccount applicant) {
        applicant.require(Role.APPLICANT);
        return accounts.drawInvitedProduct(applicant.id())
                .switchIfEmpty(Mono.error(() -> new ApiException(HttpStatus.NOT_FOUND, "no_invitation_to_apply",
                        "No accepted invitation that names a product is waiting for an application; redeem an e-code")))
                .flatMap(invited -> ecodes.redeemFromPool(applicant.id(), invited.organisation(), invited.productId(),
                                invited.invitedBy())
                        .flatMap(redeemed -> open(applicant, redeemed, Optional.of(invited.pointOfSale()))))
                .as(tx::transactional);
    }

    private Mono<ApplicationView> open(CurrentAccount applicant, ECodeService.Redeemed redeemed, Optional<UUID> pointOfSale) {
        return applications.create(applicant.id(), redeemed.productId(), redeemed.ecodeId(), redeemed.organisationId(),
                        pointOfSale)
                .flatMap(id -> applications.record(id, ApplicationTransition.REDEEM_ECODE.name(), Optional.empty(),
                                ApplicationTransition.REDEEM_ECODE.to(), Optional.of(applicant.id()), Optional.empty())
                        .then(applications.findOwn(id, applicant.id())))
                .flatMap(views::of);
    }

    public Mono<ApplicationView> get(CurrentAccount applicant, UUID id) {
        applicant.require(Role.APPLICANT);
        return applications.findOwn(id, applicant.id()).switchIfEmpty(Mono.error(ApplicationErrors::notFound))
                .flatMap(views::of);
    }

    public Flux<ApplicationView> list(CurrentAccount applicant) {
        applicant.require(Role.APPLICANT);
        return applications.listOwn(applicant.id()).concatMap(views::of);
    }

    public Flux<HistoryView> history(CurrentAccount applicant, UUID id) {
        return get(applicant, id).flatMapMany(view -> applications.history(id))
                .map(h -> new HistoryView(h.transition(), h.fromState(), h.toState(), h.actor(), h.at()));
    }

    public Mono<ApplicationView> getAtPointOfSale(CurrentAccount operator, UUID id) {
        return applications.findForOperator(id, operator.pointOfSale(), operator.organisation())
                .switchIfEmpty(Mono.error(ApplicationErrors::notFound)).flatMap(views::of);
    }

    public Flux<ApplicationView> listAtPointOfSale(CurrentAccount operator) {
        return applications.listForOperator(operator.pointOfSale(), operator.organisation()).concatMap(views::of);
    }

    /** Sets the certificate parameters; only while the application is a DRAFT. */
    public Mono<ApplicationView> updateParameters(CurrentAccount applicant, UUID id, CertificateParameters parameters) {
        return editDraft(applicant, id, "EDIT_CERTIFICATE_PARAMETERS", (stored, product) -> {
            ApplicationErrors.reject(ApplicantDataValidator.certificateParameters(parameters, product, today()));
            return applications.saveParameters(id, parameters);
        });
    }

    /** Sets the applicant data; only while the application is a DRAFT. */
    public Mono<ApplicationView> updateApplicantData(CurrentAccount applicant, UUID id, ApplicantData data) {
        return editDraft(applicant, id, "EDIT_APPLICANT_DATA", (stored, product) -> {
            ApplicationErrors.reject(ApplicantDataValidator.applicantData(data, product,
                    stored.parameters().map(CertificateParameters::verificationMethod), today()));
            return applications.saveData(id, data.normalised());
        });
    }

    public Mono<ApplicationView> submit(CurrentAccount applicant, UUID id) {
        return transition(applicant, id, ApplicationTransition.SUBMIT_DATA, (stored, product) -> {
            CertificateParameters parameters = stored.parameters().orElseThrow(() -> ApplicationErrors.incomplete("certificateParameters"));
            ApplicantData data = stored.data().orElseThrow(() -> ApplicationErrors.incomplete("applicantData"));
            List<FieldError> errors = new java.util.ArrayList<>(
                    ApplicantDataValidator.certificateParameters(parameters, product, today()));
            errors.addAll(ApplicantDataValidator.applicantData(data, product,
                    Optional.ofNullable(parameters.verificationMethod()), today()));
            ApplicationErrors.reject(errors);
            return Optional.empty();
        });
    }

    public Mono<ApplicationView> correct(CurrentAccount applicant, UUID id) {
        return transition(applicant, id, ApplicationTransition.CORRECT_DATA, (stored, product) -> Optional.empty());
    }

    public Mono<ApplicationView> acceptDocuments(CurrentAccount applicant, UUID id, boolean statementAccepted,
            boolean termsAccepted) {
        return transition(applicant, id, ApplicationTransition.ACCEPT_DOCUMENTS, (stored, product) -> {
            List<FieldError> errors = new java.util.ArrayList<>();
            if (!statementAccepted) {
                errors.add(new FieldError("statementAccepted", "MustBeAccepted", "accept the statement to continue"));
            }
            if (!termsAccepted) {
                errors.add(new FieldError("termsAccepted", "MustBeAccepted", "accept the terms to continue"));
            }
            ApplicationErrors.reject(errors);
            String language = stored.parameters().map(p -> String.valueOf(p.documentLanguage())).orElse("pl");
            return Optional.of("{\"termsVersion\":\"" + DocumentRenderer.TERMS_VERSION + "\",\"language\":\"" + language + "\"}");
        });
    }

    /** Cancels the application, and what other capabilities held for it (a video call's slot) is let go with it. */
    public Mono<ApplicationView> cancel(CurrentAccount applicant, UUID id) {
        return transition(applicant, id, ApplicationTransition.CANCEL, (stored, product) -> Optional.empty(),
                Flux.fromStream(cancellationListeners::orderedStream).concatMap(listener -> listener.cancelled(id)).then());
    }

    /** The view for documents: available once the data are submitted. */
    public Mono<ApplicationView> forDocuments(CurrentAccount applicant, UUID id) {
        return get(applicant, id).flatMap(view -> view.state() == ApplicationState.DRAFT
                || view.state() == ApplicationState.CANCELLED
                ? Mono.error(ApiException.conflict("documents_not_available",
                        "Documents are generated once the data are submitted", Map.of("currentState", view.state().name())))
                : Mono.just(view));
    }

    /** A check and side effect of a transition, returning the history details (JSON) to record. */
    @FunctionalInterface
    private interface Step {
        Optional<String> apply(ApplicationRepository.Stored stored, Product product);
    }

    /** An edit of a draft's data. */
    @FunctionalInterface
    private interface Edit {
        Mono<Void> apply(ApplicationRepository.Stored stored, Product product);
    }

    private Mono<ApplicationView> transition(CurrentAccount applicant, UUID id, ApplicationTransition transition,
            Step step) {
        return transition(applicant, id, transition, step, Mono.empty());
    }

    /** @param alongside what else is done in the transition's transaction, after it */
    private Mono<ApplicationView> transition(CurrentAccount applicant, UUID id, ApplicationTransition transition,
            Step step, Mono<Void> alongside) {
        applicant.require(Role.APPLICANT);
        return applications.lockOwn(id, applicant.id())
                .switchIfEmpty(Mono.error(ApplicationErrors::notFound))
                .flatMap(stored -> catalogue.get(stored.productId()).flatMap(product -> {
                    ApplicationState next = transition.next(stored.state(), product.operatorCountersign())
                            .orElseThrow(() -> ApplicationErrors.illegal(transition, stored.state()));
                    Optional<String> details = step.apply(stored, product);
                    return applications.moveTo(id, next)
                            .then(applications.record(id, transition.name(), Optional.of(stored.state()), next,
                                    Optional.of(applicant.id()), details));
                }))
                .then(alongside)
                .then(Mono.defer(() -> applications.findOwn(id, applicant.id())))
                .flatMap(views::of)
                .as(tx::transactional);
    }

    private Mono<ApplicationView> editDraft(CurrentAccount applicant, UUID id, String event, Edit edit) {
        applicant.require(Role.APPLICANT);
        return applications.lockOwn(id, applicant.id())
                .switchIfEmpty(Mono.error(ApplicationErrors::notFound))
                .flatMap(stored -> {
                    if (stored.state() != ApplicationState.DRAFT) {
                        return Mono.error(ApiException.conflict("not_editable",
                                "Data can be changed only in DRAFT; use correct-data on the summary first",
                                Map.of("currentState", stored.state().name())));
                    }
                    return catalogue.get(stored.productId()).flatMap(product -> edit.apply(stored, product))
                            .then(applications.record(id, event, Optional.of(stored.state()), stored.state(),
                                    Optional.of(applicant.id()), Optional.empty()));
                })
                .then(Mono.defer(() -> applications.findOwn(id, applicant.id())))
                .flatMap(views::of)
                .as(tx::transactional);
    }

    private LocalDate today() {
        return LocalDate.now(clock.withZone(properties.zone()));
    }
}
