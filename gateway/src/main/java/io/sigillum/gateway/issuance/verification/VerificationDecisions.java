package io.sigillum.gateway.issuance.verification;

import io.sigillum.gateway.issuance.DocumentText;
import io.sigillum.gateway.issuance.DocumentMessages;
import io.sigillum.gateway.issuance.application.ApplicationProgress;
import io.sigillum.gateway.issuance.application.ApplicationTransition;
import io.sigillum.gateway.issuance.application.ApplicationView;
import io.sigillum.gateway.issuance.verification.VerificationRepository.Attempt;
import io.sigillum.gateway.issuance.verification.VerificationRepository.Status;
import io.sigillum.gateway.notify.Notification;
import io.sigillum.gateway.notify.NotificationOutbox;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * What follows a verdict, whichever method produced it: the attempt is decided, the application passes, fails (and is
 * refunded for a product restriction) or is held for a consultant, and the applicant is told through the outbox — all in
 * the caller's transaction.
 */
@Component
class VerificationDecisions {

    private final ApplicationProgress progress;
    private final VerificationRepository attempts;
    private final NotificationOutbox outbox;
    private final DocumentMessages messages;
    private final JsonMapper json;
    private final VerificationProperties properties;

    VerificationDecisions(ApplicationProgress progress, VerificationRepository attempts, NotificationOutbox outbox,
            DocumentMessages messages, JsonMapper json, VerificationProperties properties) {
        this.properties = properties;
        this.progress = progress;
        this.attempts = attempts;
        this.outbox = outbox;
        this.messages = messages;
        this.json = json;
    }

    /** Applies the vendor's or a consultant's verdict on what was read from the document. */
    Mono<ApplicationView> apply(ApplicationView application, Attempt attempt, IdentityEvent event, Optional<UUID> actor) {
        Map<String, Object> checks = new LinkedHashMap<>();
        return switch (event.result()) {
            case HELD -> attempt.status() == Status.HELD ? Mono.just(application)
                    : attempts.decide(attempt.id(), Status.HELD, null, document(event.document()))
                            .then(progress.advance(application.id(), Optional.empty(),
                                    ApplicationTransition.HOLD_VERIFICATION, actor,
                                    current -> notifyResult(current, "HELD", "")
                                            .thenReturn(details(Map.of("method", attempt.method().name())))));
            case NEGATIVE -> fail(application, attempt,
                    event.reason() == null ? VerificationOutcome.TECHNICAL_ERROR : event.reason(), actor, checks);
            case POSITIVE -> {
                // a vendor must report what it read: at least the names, the document number and a Polish document's PESEL
                boolean unread = actor.isEmpty() && (event.document() == null
                        || event.document().incomplete(application.submittedApplicant()));
                List<String> mismatches = unread ? List.of("document") : event.document() == null ? List.of()
                        : event.document().mismatches(application.submittedApplicant());
                checks.put("mismatches", mismatches);
                yield mismatches.isEmpty() ? pass(application, attempt, actor, checks, document(event.document()))
                        : fail(application, attempt, VerificationOutcome.DATA_ERROR, actor, checks);
            }
        };
    }

    Mono<ApplicationView> pass(ApplicationView application, Attempt attempt, Optional<UUID> actor,
            Map<String, Object> checks, @Nullable String documentJson) {
        return attempts.decide(attempt.id(), Status.POSITIVE, null, documentJson)
                .then(progress.advance(application.id(), Optional.empty(), ApplicationTransition.PASS_VERIFICATION,
                        actor, current -> notifyResult(current, "POSITIVE", "")
                                .thenReturn(details(withMethod(attempt, checks)))));
    }

    Mono<ApplicationView> fail(ApplicationView application, Attempt attempt, VerificationOutcome outcome,
            Optional<UUID> actor, Map<String, Object> checks) {
        Map<String, Object> recorded = withMethod(attempt, checks);
        recorded.put("outcome", outcome.name());
        Mono<ApplicationView> failed = attempts.decide(attempt.id(), Status.NEGATIVE, outcome.name(), null)
                .then(attempts.releaseBooking(application.id()))
                .then(progress.advance(application.id(), Optional.empty(), ApplicationTransition.FAIL_VERIFICATION,
                        actor, current -> notifyResult(current, verdict(attempt, outcome), whatNext(current, attempt, outcome))
                                .thenReturn(details(recorded))));
        if (!outcome.refunds()) {
            return failed;
        }
        return failed.then(attempts.requestRefund(application.id(), outcome.name()))
                .then(progress.advance(application.id(), Optional.empty(), ApplicationTransition.REFUND, actor,
                        current -> Mono.just(details(Map.of("reason", outcome.name())))));
    }

    /** The history details of a started attempt. */
    Optional<String> opened(Attempt attempt) {
        return details(Map.of("method", attempt.method().name(), "attempt", attempt.attempt(),
                "reference", attempt.reference()));
    }

    /**
     * E-mails the applicant the verdict ({@code POSITIVE}, {@code HELD} or a failure's outcome) and what they can do
     * next, in the language they chose.
     */
    private Mono<Void> notifyResult(ApplicationView application, String verdict, String next) {
        DocumentText text = messages.in(application.applicantLanguage());
        String body = text.get("notification.verification." + verdict, application.number());
        return outbox.add(Notification.email(Notification.Kind.VERIFICATION_RESULT,
                application.submittedApplicant().email().value(), text.get("notification.verification.subject", application.number()),
                next.isEmpty() ? body : body + " " + next, application.id()));
    }

    /** After a failure the applicant may retry, with a new document after an invalid one, while attempts are left. */
    private String whatNext(ApplicationView application, Attempt attempt, VerificationOutcome outcome) {
        if (outcome.refunds()) {
            return "";
        }
        DocumentText text = messages.in(application.applicantLanguage());
        int left = properties.maxAttempts() - attempt.attempt();
        if (left <= 0) {
            return text.get("notification.verification.exhausted", properties.maxAttempts());
        }
        String next = outcome.needsNewDocument() ? "retryWithNewDocument"
                : outcome != VerificationOutcome.DATA_ERROR ? "retry"
                : attempt.awaitsTransfer() ? "retryWithOwnAccount" : "retryWithCorrection";
        return text.get("notification.verification." + next, left);
    }

    /**
     * The failure as the applicant is told it: a data error of a transfer not accepted is the payer's name, any other
     * the document's data.
     */
    private static String verdict(Attempt attempt, VerificationOutcome outcome) {
        return outcome == VerificationOutcome.DATA_ERROR && attempt.awaitsTransfer() ? "DATA_ERROR.BANK_TRANSFER" : outcome.name();
    }

    /** The history details of a verdict: the attempt's method and number, then the checks made. */
    static Map<String, Object> withMethod(Attempt attempt, Map<String, Object> checks) {
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
