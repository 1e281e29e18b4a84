package io.sigillum.gateway.config;

import java.util.Map;

/**
 * The public development defaults of the gateway's secrets, named once: the properties records take their defaults from
 * here, and {@link ProductionSecretsCheck} refuses to start the {@code prod} profile while any of them is still in use.
 */
public final class DevSecrets {

    /** Default of {@code sigillum.otp.hmac-secret}. */
    public static final String OTP_HMAC_SECRET = "dev-only-otp-hmac-secret-change-me";
    /** Default of {@code sigillum.signing.keystore-password} (the software token's file). */
    public static final String KEYSTORE_PASSWORD = "dev-only-keystore-password";
    /** Default of {@code sigillum.verification.identity-webhook-secret}. */
    public static final String IDENTITY_WEBHOOK_SECRET = "dev-identity-webhook-secret";
    /** Default of {@code sigillum.verification.payment-webhook-secret}. */
    public static final String PAYMENT_WEBHOOK_SECRET = "dev-payment-webhook-secret";

    /** Default of {@code sigillum.oauth2.key-encryption-secret}. */
    public static final String ACCESS_TOKEN_KEY_SECRET = "dev-only-access-token-key-secret";

    /** Each secret's property and its development default. */
    static final Map<String, String> BY_PROPERTY = Map.of(
            "sigillum.otp.hmac-secret", OTP_HMAC_SECRET,
            "sigillum.signing.keystore-password", KEYSTORE_PASSWORD,
            "sigillum.verification.identity-webhook-secret", IDENTITY_WEBHOOK_SECRET,
            "sigillum.verification.payment-webhook-secret", PAYMENT_WEBHOOK_SECRET,
            "sigillum.oauth2.key-encryption-secret", ACCESS_TOKEN_KEY_SECRET);

    private DevSecrets() {
    }
}
