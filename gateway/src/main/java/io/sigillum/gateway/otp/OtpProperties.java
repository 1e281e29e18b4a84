package io.sigillum.gateway.otp;

import io.sigillum.gateway.config.DevSecrets;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * One-time codes sent by SMS.
 *
 * @param length digits per code
 * @param ttl how long a code stays valid
 * @param maxAttempts wrong tries before the code is burned
 * @param resendCooldown the shortest time between two codes for the same subject
 * @param hmacSecret server secret keying the stored code hashes (dev default; set it in production)
 * @param subjectLimit codes per subject (credential, application) within {@code subjectWindow}
 * @param subjectWindow the sliding window of {@code subjectLimit}
 * @param phoneLimit codes per phone number within {@code phoneWindow}
 * @param phoneWindow the sliding window of {@code phoneLimit}
 */
@ConfigurationProperties("sigillum.otp")
@Validated
public record OtpProperties(@DefaultValue("6") @Min(6) @Max(10) int length,
        @DefaultValue("5m") @NotNull Duration ttl,
        @DefaultValue("3") @Min(1) int maxAttempts,
        @DefaultValue("30s") @NotNull Duration resendCooldown,
        @DefaultValue(DevSecrets.OTP_HMAC_SECRET) @NotBlank String hmacSecret,
        @DefaultValue("5") @Min(1) int subjectLimit,
        @DefaultValue("15m") @NotNull Duration subjectWindow,
        @DefaultValue("10") @Min(1) int phoneLimit,
        @DefaultValue("1h") @NotNull Duration phoneWindow) {
}
