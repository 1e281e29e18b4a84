package io.sigillum.gateway.issuance.verification;

import io.sigillum.gateway.account.CurrentAccount;
import io.sigillum.gateway.account.Role;
import io.sigillum.gateway.issuance.IssuanceProperties;
import io.sigillum.gateway.issuance.application.ApplicantData;
import io.sigillum.gateway.issuance.application.ApplicationProgress;
import io.sigillum.gateway.issuance.application.ApplicationService;
import io.sigillum.gateway.issuance.application.ApplicationTransition;
import io.sigillum.gateway.issuance.application.ApplicationView;
import io.sigillum.gateway.issuance.application.CertificateParameters;
import io.sigillum.gateway.issuance.product.VerificationMethod;
import io.sigillum.gateway.issuance.verification.VerificationRepository.Attempt;
import io.sigillum.gateway.issuance.verification.VerificationRepository.Status;
import io.sigillum.gateway.notify.Notification;
import io.sigillum.gateway.notify.NotificationOutbox;
import io.sigillum.gateway.security.Randomness;
import io.sigillum.gateway.web.ApiException;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Identity verification of an application: opens an attempt with the method the applicant chose (a vendor session, a
 * transfer reference, a booked video slot), applies the vendor's and the payment provider's webhooks and the
 * consultant's decisions, and moves the application through {@link ApplicationTransition} accordingly. Every result
 * writes a "verification result" notification to the outbox in the same transaction.
 */
@Service
public class IdentityVerificationService {

    static final String IDENTITY_SOURCE = "identity";
    static final String PAYMENT_SOURCE = "payments";
    private static final Pattern TRANSFER_REFERENCE = Pattern.compile("SGL[0-9A-F]{10}");
    private static final BigDecimal VERIFICATION_AMOUNT = new BigDecimal("1.00");

    private final ApplicationService applications;
    private final ApplicationProgress progress;
    private final VerificationRepository attempts;
    private final MobileIdVendor vendor;
    private final NotificationOutbox outbox;
    private final VerificationProperties properties;
    private final IssuanceProperties issuance;
    private final TransactionalOperator transactions;
    private final JsonMapper json;
    private final Clock clock;

    IdentityVerificationService(ApplicationService applications, ApplicationProgress progress,
            VerificationRepository attempts, MobileIdVendor vendor,
            NotificationOutbox outbox, VerificationProperties properties, IssuanceProperties issuance,
            TransactionalOperator transactions, JsonMapper json, Clock clock) {
        this.applications = applications;
        this.progress = progress;
        this.attempts = attempts;
        this.vendor = vendor;
        this.outbox = outbox;
        this.properties = properties;
        this.issuance = issuance;
        this.transactions = transactions;
        this.json = json;
        this.clock = clock;
    }

    /** The applicant's view of the current verification attempt. */
    public record VerificationView(VerificationMethod method, int attempt, int maxAttempts, String status,
            Optional<String> link, Optional<String> outcome, Optional<Transfer> transfer, Optional<Instant> videoSlot) {
    }

    /** Where and how to send the verification transfer. */
    public record Transfer(String account, String amount, String currency, String title) {
    }

    /** What a webhook did: APPLIED, DUPLICATE (a replayed event) or IGNORED (the attempt was already decided). */
    public record WebhookAck(String status) {
    }

    /** A consultant's decision (video call, or a HELD verification of any method). */
    public record Decision(IdentityEvent.Result result, @Nullable VerificationOutcome reason,
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
     * after an invalid document only with a new document.
     */
    public Mono<ApplicationView> retry(CurrentAccount applicant, UUID id,
            Optional<ApplicantData.IdentityDocument> newDocument, Optional<ZonedDateTime> slot) {
        applicant.require(Role.APPLICANT);
        return progress.advance(id, Optional.of(applicant.id()), ApplicationTransition.RETRY_VERIFICATION,
                Optional.of(applicant.id()), application -> attempts.latest(id).zipWith(attempts.attempts(id))
                        .flatMap(latest -> {
                            if (latest.getT2() >= properties.maxAttempts()) {
                                return Mono.error(ApiException.conflict("verification_attempts_exhausted",
                                        "All " + properties.maxAttempts() + " verification attempts are used",
                                        Map.of("attempts", latest.getT2())));
                            }
                            boolean needsDocument = latest.getT1().outcome()
                                    .map(o -> VerificationOutcome.valueOf(o).needsNewDocument()).orElse(false);
                            if (needsDocument && newDocument.isEmpty()) {
                                return Mono.error(ApiException.badRequest(
                                        "The document was invalid: enter a new identityDocument to verify again"));
                            }
                            Mono<ApplicationView> current = newDocument.isEmpty() ? Mono.just(application)
                                    : progress.replaceIdentityDocument(application, newDocument.get())
                                            .then(Mono.defer(() -> progress.find(id)));
                            return attempts.releaseBooking(id).then(current)
                                    .flatMap(updated -> openAttempt(updated, slot));
                        }));
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
        List<ZonedDateTime> slots = VideoCalendar.slots(day, issuance.zone());
        if (slots.isEmpty()) {
            return Flux.empty();
        }
        Instant now = clock.instant();
        return attempts.booked(slots.getFirst().toInstant(), slots.getLast().toInstant().plusSeconds(1)).collectList()
                .flatMapMany(booked -> Flux.fromIterable(slots)
                        .filter(slot -> slot.toInstant().isAfter(now) && !booked.contains(slot.toInstant())));
    }

    /** Applies an authenticated identity-vendor webhook, once per event id. */
    public Mono<WebhookAck> onIdentityEvent(IdentityEvent event) {
        return attempts.firstDelivery(IDENTITY_SOURCE, event.eventId())
                .flatMap(first -> !first ? Mono.just(new WebhookAck("DUPLICATE"))
                        : attempts.byReference(event.reference())
                                .switchIfEmpty(Mono.error(() -> ApiException.notFound("No verification " + event.reference())))
                                .flatMap(attempt -> applyIdentityEvent(attempt, event)))
                .as(transactions::transactional);
    }

    /** Applies an authenticated payment-provider webhook, once per event id. */
    public Mono<WebhookAck> onPayment(PaymentEvent payment) {
        Matcher reference = TRANSFER_REFERENCE.matcher(payment.title().toUpperCase(Locale.ROOT));
        if (!reference.find()) {
            return Mono.error(ApiException.badRequest("The transfer title carries no verification reference"));
        }
        return attempts.firstDelivery(PAYMENT_SOURCE, payment.eventId())
                .flatMap(first -> !first ? Mono.just(new WebhookAck("DUPLICATE"))
                        : attempts.byReference(reference.group())
                                .switchIfEmpty(Mono.error(() -> ApiException.notFound("No verification " + reference.group())))
                                .flatMap(attempt -> applyPayment(attempt, payment)))
                .as(transactions::transactional);
    }

    /** A consultant (OPERATOR of the e-code's organisation) decides a video call or a HELD verification. */
    public Mono<ApplicationView> decide(CurrentAccount operator, UUID id, Decision decision) {
        operator.require(Role.OPERATOR);
        return progress.organisationOf(id).filter(org -> org.equals(operator.organisation()))
                .switchIfEmpty(Mono.error(() -> ApiException.notFound("No such application")))
                .then(attempts.latest(id))
                .switchIfEmpty(Mono.error(() -> ApiException.conflict("no_verification", "No verification started",
                        Map.of())))
                .flatMap(attempt -> {
                    boolean consultantsCall = attempt.status() == Status.HELD
                            || attempt.status() == Status.PENDING && attempt.method() == VerificationMethod.VIDEO_CALL;
                    if (!consultantsCall) {
                        return Mono.error(ApiException.conflict("not_for_consultant",
                                "This verification is decided by " + attempt.method() + ", not by a consultant",
                                Map.of("status", attempt.status().name())));
                    }
                    if (decision.result() == IdentityEvent.Result.NEGATIVE && decision.reason() == null) {
                        return Mono.error(ApiException.badRequest("A negative decision needs a reason"));
                    }
                    return progress.find(id).flatMap(application -> apply(application, attempt,
                            new IdentityEvent("consultant", attempt.reference(), decision.result(), decision.reason(),
                                    decision.documentChecked()), Optional.of(operator.id())));
                })
                .as(transactions::transactional);
    }

    private Mono<Optional<String>> openAttempt(ApplicationView application, Optional<ZonedDateTime> slot) {
        VerificationMethod method = application.certificateParameters()
                .map(CertificateParameters::verificationMethod)
                .orElseThrow(() -> ApiException.badRequest("No verification method chosen"));
        Mono<Attempt> opened = switch (method) {
            case MOBILE_SELF_ID -> {
                String reference = "MID" + Randomness.hex(12).toUpperCase(Locale.ROOT);
                yield vendor.createSession(reference, properties.callbackBaseUrl() + "/api/v1/webhooks/identity-verification")
                        .flatMap(session -> attempts.open(application.id(), method, reference, session.link()));
            }
            case BANK_TRANSFER -> attempts.open(application.id(), method,
                    "SGL" + Randomness.hex(5).toUpperCase(Locale.ROOT), null);
            case VIDEO_CALL -> book(application.id(), slot).then(attempts.open(application.id(), method,
                    "VID" + Randomness.hex(12).toUpperCase(Locale.ROOT), null));
        };
        return opened.map(attempt -> details(Map.of("method", method.name(), "attempt", attempt.attempt(),
                "reference", attempt.reference())));
    }

    private Mono<Void> book(UUID id, Optional<ZonedDateTime> slot) {
        ZonedDateTime start = slot.orElseThrow(() -> ApiException.badRequest("A video call needs a slotStart"));
        if (!VideoCalendar.isSlot(start, issuance.zone()) || !start.toInstant().isAfter(clock.instant())) {
            throw ApiException.badRequest("Not a free slot: working days 08:00-17:40, 20-minute slots, in the future");
        }
        return attempts.book(start.toOffsetDateTime(), id).flatMap(booked -> booked ? Mono.<Void>empty()
                : Mono.error(ApiException.conflict("slot_taken", "This slot has just been booked; choose another",
                        Map.of("slotStart", start.toString()))));
    }

    private Mono<WebhookAck> applyIdentityEvent(Attempt attempt, IdentityEvent event) {
        if (attempt.method() != VerificationMethod.MOBILE_SELF_ID || attempt.status() != Status.PENDING) {
            return Mono.just(new WebhookAck("IGNORED"));
        }
        return progress.find(attempt.applicationId())
                .flatMap(application -> apply(application, attempt, event, Optional.empty()))
                .thenReturn(new WebhookAck("APPLIED"));
    }

    private Mono<WebhookAck> applyPayment(Attempt attempt, PaymentEvent payment) {
        if (attempt.method() != VerificationMethod.BANK_TRANSFER || attempt.status() != Status.PENDING) {
            return Mono.just(new WebhookAck("IGNORED"));
        }
        return progress.find(attempt.applicationId()).flatMap(application -> {
            ApplicantData data = application.applicantData().orElseThrow();
            Map<String, Object> checks = new LinkedHashMap<>();
            checks.put("amountOk", "PLN".equals(payment.currency())
                    && payment.amount().compareTo(VERIFICATION_AMOUNT) == 0);
            checks.put("polishAccount", PolishIban.isValid(payment.payerAccount()));
            checks.put("nameMatches", PayerNameMatcher.matches(payment.payerName(), data.firstName(), data.secondName(),
                    data.surname()));
            boolean passed = checks.values().stream().allMatch(Boolean.TRUE::equals);
            return (passed ? pass(application, attempt, Optional.empty(), checks, null)
                    : fail(application, attempt, VerificationOutcome.DATA_ERROR, Optional.empty(), checks))
                    .thenReturn(new WebhookAck("APPLIED"));
        });
    }

    private Mono<ApplicationView> apply(ApplicationView application, Attempt attempt, IdentityEvent event,
            Optional<UUID> actor) {
        Map<String, Object> checks = new LinkedHashMap<>();
        return switch (event.result()) {
            case HELD -> attempt.status() == Status.HELD ? Mono.just(application)
                    : attempts.decide(attempt.id(), Status.HELD, null, document(event.document()))
                            .then(progress.advance(application.id(), Optional.empty(),
                                    ApplicationTransition.HOLD_VERIFICATION, actor,
                                    current -> Mono.just(details(Map.of("method", attempt.method().name())))));
            case NEGATIVE -> fail(application, attempt,
                    event.reason() == null ? VerificationOutcome.TECHNICAL_ERROR : event.reason(), actor, checks);
            case POSITIVE -> {
                // a vendor must report what it read: at least the names and the document number
                boolean unread = actor.isEmpty() && (event.document() == null || event.document().documentNumber() == null
                        || event.document().firstName() == null || event.document().surname() == null);
                List<String> mismatches = unread ? List.of("document") : event.document() == null ? List.of()
                        : event.document().mismatches(application.applicantData().orElseThrow());
                checks.put("mismatches", mismatches);
                yield mismatches.isEmpty() ? pass(application, attempt, actor, checks, document(event.document()))
                        : fail(application, attempt, VerificationOutcome.DATA_ERROR, actor, checks);
            }
        };
    }

    private Mono<ApplicationView> pass(ApplicationView application, Attempt attempt, Optional<UUID> actor,
            Map<String, Object> checks, @Nullable String documentJson) {
        return attempts.decide(attempt.id(), Status.POSITIVE, null, documentJson)
                .then(progress.advance(application.id(), Optional.empty(), ApplicationTransition.PASS_VERIFICATION,
                        actor, current -> notifyResult(current, "positive: you can now sign the statement")
                                .thenReturn(details(withMethod(attempt, checks)))));
    }

    private Mono<ApplicationView> fail(ApplicationView application, Attempt attempt, VerificationOutcome outcome,
            Optional<UUID> actor, Map<String, Object> checks) {
        Map<String, Object> recorded = withMethod(attempt, checks);
        recorded.put("outcome", outcome.name());
        Mono<ApplicationView> failed = attempts.decide(attempt.id(), Status.NEGATIVE, outcome.name(), null)
                .then(attempts.releaseBooking(application.id()))
                .then(progress.advance(application.id(), Optional.empty(), ApplicationTransition.FAIL_VERIFICATION,
                        actor, current -> notifyResult(current, message(outcome)).thenReturn(details(recorded))));
        if (!outcome.refunds()) {
            return failed;
        }
        return failed.then(attempts.requestRefund(application.id(), outcome.name()))
                .then(progress.advance(application.id(), Optional.empty(), ApplicationTransition.REFUND, actor,
                        current -> Mono.just(details(Map.of("reason", outcome.name())))));
    }

    private Mono<Void> notifyResult(ApplicationView application, String result) {
        return application.applicantData().map(ApplicantData::email).filter(email -> email != null && !email.isBlank())
                .map(email -> outbox.add(Notification.email(Notification.Kind.VERIFICATION_RESULT, email,
                        "Identity verification for application " + application.number() + ": " + result,
                        application.id())))
                .orElse(Mono.empty());
    }

    private static String message(VerificationOutcome outcome) {
        return switch (outcome) {
            case TECHNICAL_ERROR, DATA_ERROR -> "not completed; you will get a new link and may try again";
            case INVALID_DOCUMENT -> "the document is not valid; enter a new document to try again";
            case PRODUCT_RESTRICTION -> "this product cannot be issued to you; a refund has been requested";
        };
    }

    private VerificationView view(ApplicationView application, Attempt attempt, Optional<Instant> slot) {
        Optional<Transfer> transfer = attempt.method() == VerificationMethod.BANK_TRANSFER
                ? Optional.of(new Transfer(properties.transferAccount(), "1.00", "PLN",
                        "SIGILLUM " + application.number() + " " + attempt.reference()))
                : Optional.empty();
        return new VerificationView(attempt.method(), attempt.attempt(), properties.maxAttempts(),
                attempt.status().name(), attempt.link(), attempt.outcome(), transfer, slot);
    }

    private static Map<String, Object> withMethod(Attempt attempt, Map<String, Object> checks) {
        Map<String, Object> recorded = new LinkedHashMap<>();
        recorded.put("method", attempt.method().name());
        recorded.put("attempt", attempt.attempt());
        recorded.putAll(checks);
        return recorded;
    }

    private @Nullable String document(@Nullable DocumentData document) {
        return document == null ? null : json.writeValueAsString(document);
    }

    private Optional<String> details(Map<String, Object> details) {
        return Optional.of(json.writeValueAsString(details));
    }

}
