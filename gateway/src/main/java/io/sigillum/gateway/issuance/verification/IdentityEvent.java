package io.sigillum.gateway.issuance.verification;

import org.jspecify.annotations.Nullable;

/**
 * The identity vendor's webhook body: the result of the session opened for {@code reference}, and what it read from the
 * document.
 *
 * @param eventId the vendor's id of this event; a second delivery with the same id changes nothing
 * @param result POSITIVE, NEGATIVE, or HELD (pending clarification by an operator)
 * @param reason with NEGATIVE: why
 */
public record IdentityEvent(String eventId, String reference, Result result, @Nullable VerificationOutcome reason,
        @Nullable DocumentData document) {

    /** A signed body can still be incomplete: the fields every event needs are checked here, once. */
    public IdentityEvent {
        WebhookFields.requireText("eventId", eventId);
        WebhookFields.requireText("reference", reference);
        WebhookFields.require("result", result);
    }

    /** The vendor's verdict. */
    public enum Result { POSITIVE, NEGATIVE, HELD }
}
