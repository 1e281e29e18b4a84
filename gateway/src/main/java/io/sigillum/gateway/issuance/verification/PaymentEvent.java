package io.sigillum.gateway.issuance.verification;

import java.math.BigDecimal;

/**
 * The payment provider's webhook body for an incoming transfer.
 *
 * @param eventId the provider's id of this event; a second delivery changes nothing
 * @param title the transfer title, which carries the verification reference
 * @param payerAccount the account the money came from (must be a Polish IBAN)
 */
public record PaymentEvent(String eventId, String title, BigDecimal amount, String currency, String payerName,
        String payerAccount) {

    /** A signed body can still be incomplete: every field of a transfer is required. */
    public PaymentEvent {
        WebhookFields.requireText("eventId", eventId);
        WebhookFields.requireText("title", title);
        WebhookFields.require("amount", amount);
        WebhookFields.requireText("currency", currency);
        WebhookFields.requireText("payerName", payerName);
        WebhookFields.requireText("payerAccount", payerAccount);
    }
}
