package io.sigillum.gateway.issuance.verification;

import org.jspecify.annotations.Nullable;

/** Required-field checks for webhook bodies; a failure names the field and becomes a 400 at the webhook endpoint. */
final class WebhookFields {

    private WebhookFields() {
    }

    static void require(String name, @Nullable Object value) {
        if (value == null) {
            throw new IllegalArgumentException("missing " + name);
        }
    }

    static void requireText(String name, @Nullable String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("missing " + name);
        }
    }
}
