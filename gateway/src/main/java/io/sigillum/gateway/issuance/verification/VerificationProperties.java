package io.sigillum.gateway.issuance.verification;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import io.sigillum.gateway.config.DevSecrets;
import java.util.Optional;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Identity verification.
 *
 * @param identityWebhookSecret HMAC key the identity vendor signs its webhooks with (the dev value is refused in prod)
 * @param paymentWebhookSecret HMAC key the payment provider signs its webhooks with (the dev value is refused in prod)
 * @param replayWindow how far a webhook's timestamp may be from now
 * @param maxAttempts verification attempts per application (the first one included) before retries are refused
 * @param vendorUrl the identity vendor's API; unset outside prod selects the built-in simulator
 * @param vendorApiKey the key the gateway presents to the vendor
 * @param vendorTimeout the longest wait for one vendor call
 * @param vendorRetries retries of a failed session creation (idempotent: the vendor de-duplicates on our reference)
 * @param callbackBaseUrl where the vendor and the payment provider reach this gateway's webhooks
 * @param transferAccount the trust provider's account the 1.00 PLN verification transfer goes to
 * @param videoBookingHorizon how far ahead a video call may be booked (and its free slots are offered)
 */
@ConfigurationProperties("sigillum.verification")
@Validated
public record VerificationProperties(
        @DefaultValue(DevSecrets.IDENTITY_WEBHOOK_SECRET) @NotBlank String identityWebhookSecret,
        @DefaultValue(DevSecrets.PAYMENT_WEBHOOK_SECRET) @NotBlank String paymentWebhookSecret,
        @DefaultValue("5m") @NotNull Duration replayWindow,
        @DefaultValue("3") @Min(1) @Max(10) int maxAttempts,
        @DefaultValue Optional<String> vendorUrl,
        @DefaultValue Optional<String> vendorApiKey,
        @DefaultValue("5s") @NotNull Duration vendorTimeout,
        @DefaultValue("2") @Min(0) @Max(5) int vendorRetries,
        @DefaultValue("http://127.0.0.1:8080") @NotBlank String callbackBaseUrl,
        @DefaultValue("PL61 1090 1014 0000 0712 1981 2874") @NotBlank String transferAccount,
        @DefaultValue("60d") @NotNull Duration videoBookingHorizon) {
}
