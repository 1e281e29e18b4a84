package io.sigillum.gateway.issuance.verification;

import io.sigillum.gateway.account.CurrentAccount;
import io.sigillum.gateway.account.Role;
import io.sigillum.gateway.issuance.application.ApplicantData;
import io.sigillum.gateway.issuance.application.ApplicationProgress;
import io.sigillum.gateway.issuance.application.ApplicationService;
import io.sigillum.gateway.issuance.application.ApplicationTransition;
import io.sigillum.gateway.issuance.application.ApplicationState;
import io.sigillum.gateway.issuance.application.ApplicationView;
import io.sigillum.gateway.issuance.application.CertificateParameters;
import io.sigillum.gateway.issuance.product.VerificationMethod;
import io.sigillum.gateway.issuance.verification.VerificationRepository.Attempt;
import io.sigillum.gateway.issuance.verification.VerificationRepository.Status;
import io.sigillum.gateway.web.ApiException;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotNull;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.BiFunction;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Identity verification of an application: opens an attempt with the method the applicant chose — each method a
 * {@link VerificationStrategy} (a vendor session, a booked video slot, a transfer reference) — applies the vendor's and
 * the payment provider's webhooks and the consultant's decisions through {@link VerificationDecisions}, and moves the
 * application through {@link ApplicationTransition} accordingly, one transaction per request.
 */
@Service
public class IdentityVerificationService {

    private static final Logger log = LoggerFactory.getLogger(IdentityVerificationService.class);

    static final String IDENTITY_SOURCE = "identity";
    static final String PAYMENT_SOURCE = "payments";

    private final ApplicationService applications;
    private final ApplicationProgress progress;
    private final VerificationRepository attempts;
    private final VerificationDecisions decisions;
    private final Map<VerificationMethod, VerificationStrategy> strategies = new EnumMap<>(VerificationMethod.class);
    private final VideoCallVerification videoCalls;
    private final BankTransferVerification transfers;
    private final VerificationProperties properties;
    private final TransactionalOperator transactions;

    IdentityVerificationService(ApplicationService applications, ApplicationProgress progress,
            VerificationRepository attempts, VerificationDecisions decisions, List<VerificationStrategy> strategies,
            VideoCallVerification videoCalls, BankTransferVerification transfers, VerificationProperties properties,
            TransactionalOperator transactions) {
        this.applications = applications;
        this.progress = progress;
        this.attempts = attempts;
        this.decisions = decisions;
        strategies.forEach(strategy -> this.strategies.put(strategy.method(), strategy));
        this.videoCalls = videoCalls;
        this.transfers = transfers;
        this.properties = properties;
        this.transactions = transactions;
    }

    /** The applicant's view of the current verification attempt. */
    public record VerificationView(VerificationMethod method, int attempt, int maxAttempts, String status,
            Optional<String> link, Optional<String> outcome, Optional<Transfer> transfer, Optional<Instant> videoSlot) {
    }

    /** Where and how to send the verification transfer. */
    @Schema(name = "VerificationTransfer")
    public record Transfer(String account, String amount, String currency, String title) {
    }

    /**
     * What a webhook did: APPLIED, DUPLICATE (a replayed event), IGNORED (the attempt was already decided) or UNMATCHED (a
     * transfer whose title names no verification: acknowledged, so that the bank stops sending it, and left to the back
     * office, which refunds it).
     */
    public record WebhookAck(String status) {
    }

    /** A consultant's decision (video call, or a HELD verification of any method). */
    public record Decision(@NotNull IdentityEvent.Result result, @Nullable VerificationOutcome reason,
            @Nullable DocumentData documentChecked) {
    }

    /** DOCUMENTS_ACCEPTED → VERIFICATION_PENDING with the chosen method; a video call needs a free slot. */
    public Mono<ApplicationView> start(CurrentAccount applicant, UUID id, Optional<ZonedDateTime> slot) {
        applicant.require(Role.APPLICANT);
        return progress.advance(id, Optional.of(applicant.id()), ApplicationTransition.START_VERIFICATION,
                Optional.of(applicant.id()), application -> openAttempt(application, slot));
    }

    /**
     * VERIFICATION_FAILED → VERIFICATION_PENDING with a new attempt (a new link), at most {@code maxAttempts} in all;
     * after an invalid document only with a new document; after a data error, with the data corrected if the applicant
     * typed them otherwise than the document has them (an attempt spent on the same data again would fail again).
     */
    public Mono<ApplicationView> retry(CurrentAccount applicant, UUID id,
            Optional<ApplicantData.IdentityDocument> newDocument, Optional<ApplicantData> corrected,
            Optional<ZonedDateTime> slot) {
        applicant.require(Role.APPLICANT);
        return progress.advance(id, Optional.of(applicant.id()), ApplicationTransition.RETRY_VERIFICATION,
                // one statement at a time: the step runs in the lock's transaction, on its one connection
                Optional.of(applicant.id()), application -> attempts.latest(id).zipWhen(latest -> attempts.attempts(id))
                        .flatMap(latest -> {
                            if (latest.getT2() >= properties.maxAttempts()) {
                                return Mono.error(ApiException.conflict("verification_attempts_exhausted",
                                        "All " + properties.maxAttempts() + " verification attempts are used",
                                        Map.of("attempts", latest.getT2())));
                            }
                            Optional<VerificationOutcome> outcome = latest.getT1().outcome().map(VerificationOutcome::valueOf);
                            boolean needsDocument = outcome.map(VerificationOutcome::needsNewDocument).orElse(false);
                            if (corrected.isPresent() && outcome.filter(VerificationOutcome.DATA_ERROR::equals).isEmpty()) {
                                return Mono.error(ApiException.badRequest("applicantData is corrected on a retry only after "
                                        + "DATA_ERROR (the document read otherwise than the application)"));
                            }
                            if (corrected.isPresent() && newDocument.isPresent()) {
                                return Mono.error(ApiException.badRequest("Send the corrected applicantData with its "
                                        + "identityDocument inside, not a separate identityDocument beside it"));
                            }
                            if (needsDocument && newDocument.isEmpty()) {
                                return Mono.error(ApiException.badRequest(
                                        "The document was invalid: enter a new identityDocument to verify again"));
                            }
                            if (needsDocument && sameDocument(application, newDocument.get())) {
                                return Mono.error(ApiException.badRequest("The document was invalid: enter another "
                                        + "identityDocument (a new one), not the same one again"));
                            }
                            Optional<Mono<Void>> replaced = corrected.map(data -> progress.replaceApplicantData(application, data))
                                    .or(() -> newDocument.map(document -> progress.replaceIdentityDocument(application, document)));
                            Mono<ApplicationView> current = replaced.map(saved -> saved.then(Mono.defer(() -> progress.find(id))))
                                    .orElse(Mono.just(application));
                            return attempts.releaseBooking(id).then(current)
                                    .flatMap(updated -> openAttempt(updated, slot));
                        }));
    }

    /** Whether {@code entered} is the document the application already names. */
    private static boolean sameDocument(ApplicationView application, ApplicantData.IdentityDocument entered) {
        return application.applicantData().map(ApplicantData::identityDocument)
                .filter(current -> current.sameDocumentAs(entered)).isPresent();
    }

    public Mono<VerificationView> current(CurrentAccount applicant, UUID id) {
        return applications.get(applicant, id)
                .flatMap(application -> attempts.latest(id).zipWith(attempts.bookingOf(id).map(Optional::of)
                                .defaultIfEmpty(Optional.empty()))
                        .map(found -> view(application, found.getT1(), found.getT2())))
                .switchIfEmpty(Mono.error(() -> ApiException.notFound("No verification started yet")));
    }

    /** The application a verification reference belongs to (for the dev vendor simulator). */
    public Mono<ApplicationView> applicationByReference(String reference) {
        return attempts.byReference(reference).flatMap(attempt -> progress.find(attempt.applicationId()));
    }

    /** Free video-call slots of one day. */
    public Flux<ZonedDateTime> freeSlots(LocalDate day) {
        return videoCalls.freeSlots(day);
    }

    /** Applies an authenticated identity-vendor webhook, once per event id. */
    public Mono<WebhookAck> onIdentityEvent(IdentityEvent event) {
        return onceFor(IDENTITY_SOURCE, event.eventId(), event.reference(), Attempt::awaitsDocumentReading,
                (application, attempt) -> decisions.apply(application, attempt, event, Optional.empty()),
                () -> Mono.error(ApiException.notFound("No verification " + event.reference())));
    }

    /** Applies an authenticated payment-provider webhook, once per event id. */
    public Mono<WebhookAck> onPayment(PaymentEvent payment) {
        // a bank reports every incoming transfer: one whose title names no verification (a mistyped or missing reference,
        // a transfer for something else) is the back office's to refund, not an error the bank should send again
        Supplier<Mono<WebhookAck>> unmatched = () -> {
            log.warn("Payment event {} names no pending verification in its title: acknowledged as UNMATCHED, to be "
                    + "refunded by the back office", payment.eventId());
            return Mono.just(new WebhookAck("UNMATCHED"));
        };
        return BankTransferVerification.reference(payment)
                .map(reference -> onceFor(PAYMENT_SOURCE, payment.eventId(), reference, Attempt::awaitsTransfer,
                        (application, attempt) -> transfers.decide(application, attempt, payment), unmatched))
                .orElseGet(() -> attempts.firstDelivery(PAYMENT_SOURCE, payment.eventId())
                        .flatMap(first -> first ? unmatched.get() : Mono.just(new WebhookAck("DUPLICATE")))
                        .as(transactions::transactional));
    }

    /** A consultant (OPERATOR of the e-code's organisation) decides a video call or a HELD verification. */
    public Mono<ApplicationView> decide(CurrentAccount operator, UUID id, Decision decision) {
        operator.require(Role.OPERATOR);
        return progress.findForOperator(operator, id)
                .switchIfEmpty(Mono.error(() -> ApiException.notFound("No such application")))
                .then(attempts.latest(id))
                .switchIfEmpty(Mono.error(() -> ApiException.conflict("no_verification", "No verification started",
                        Map.of())))
                .flatMap(attempt -> {
                    if (!strategy(attempt.method()).decidedByConsultant(attempt)) {
                        return Mono.error(ApiException.conflict("not_for_consultant",
                                "This verification is decided by " + attempt.method() + ", not by a consultant",
                                Map.of("verificationStatus", attempt.status().name())));
                    }
                    if (decision.result() == IdentityEvent.Result.NEGATIVE && decision.reason() == null) {
                        return Mono.error(ApiException.badRequest("A negative decision needs a reason"));
                    }
                    return strategy(attempt.method()).decidable(attempt, decision.result()).then(progress.find(id))
                            .flatMap(application -> decisions.apply(application, attempt,
                                    new IdentityEvent("consultant", attempt.reference(), decision.result(),
                                            decision.reason(), decision.documentChecked()), Optional.of(operator.id())));
                })
                .as(transactions::transactional);
    }

    /**
     * Applies a webhook's event to the pending attempt it refers to, if that attempt {@code awaits} this kind of event,
     * once per event id: a replay is a DUPLICATE, an event for an attempt that awaits another kind (another method's, or a
     * second transfer after one was accepted) or one already decided is IGNORED — also when the event that decided it
     * arrived at the same time (the attempt's row is locked while an event is applied).
     */
    private Mono<WebhookAck> onceFor(String source, String eventId, String reference, Predicate<Attempt> awaits,
            BiFunction<ApplicationView, Attempt, Mono<ApplicationView>> apply, Supplier<Mono<WebhookAck>> unknown) {
        return attempts.firstDelivery(source, eventId)
                .flatMap(first -> !first ? Mono.just(new WebhookAck("DUPLICATE"))
                        : attempts.lockByReference(reference)
                                .flatMap(attempt -> applyTo(attempt, awaits, apply))
                                .switchIfEmpty(Mono.defer(unknown)))
                .as(transactions::transactional);
    }

    private Mono<WebhookAck> applyTo(Attempt attempt, Predicate<Attempt> awaits,
            BiFunction<ApplicationView, Attempt, Mono<ApplicationView>> apply) {
        return !awaits.test(attempt) || attempt.status() != Status.PENDING ? Mono.just(new WebhookAck("IGNORED"))
                : progress.find(attempt.applicationId())
                        .flatMap(application -> awaitsVerification(application)
                                ? apply.apply(application, attempt).thenReturn(new WebhookAck("APPLIED"))
                                : Mono.just(new WebhookAck("IGNORED")));
    }

    /**
     * An application cancelled (or otherwise moved on) while its verification was pending takes no event for it: the
     * event is recorded and acknowledged as IGNORED, so the sender stops retrying and a replay is a DUPLICATE.
     */
    private static boolean awaitsVerification(ApplicationView application) {
        return application.state() == ApplicationState.VERIFICATION_PENDING;
    }

    private Mono<Optional<String>> openAttempt(ApplicationView application, Optional<ZonedDateTime> slot) {
        VerificationMethod method = application.certificateParameters()
                .map(CertificateParameters::verificationMethod)
                .orElseThrow(() -> ApiException.badRequest("No verification method chosen"));
        return strategy(method).open(application, slot).map(decisions::opened);
    }

    private VerificationStrategy strategy(VerificationMethod method) {
        return strategies.get(method);
    }

    private VerificationView view(ApplicationView application, Attempt attempt, Optional<Instant> slot) {
        return new VerificationView(attempt.method(), attempt.attempt(), properties.maxAttempts(),
                attempt.status().name(), attempt.link(), attempt.outcome(),
                strategy(attempt.method()).transfer(application, attempt), slot);
    }
}
