package io.sigillum.gateway.notify;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The notification dispatcher.
 *
 * @param enabled whether this instance dispatches (every instance may: rows are claimed with SKIP LOCKED)
 * @param pollInterval how often due rows are looked for
 * @param batchSize most rows one poll sends
 * @param firstBackoff wait after the first failed send; doubled after each further failure
 * @param maxBackoff longest wait between two tries
 * @param maxAttempts tries before a row is given up (kept, with its last error, for an operator)
 * @param voucherReminderBefore how long before an unused e-code expires its organisation is reminded
 * @param voucherScanInterval how often e-codes due for a reminder are looked for
 */
@ConfigurationProperties("sigillum.notify")
@Validated
public record NotifyProperties(@DefaultValue("true") boolean enabled,
        @DefaultValue("1s") @NotNull Duration pollInterval,
        @DefaultValue("50") @Min(1) @Max(1000) int batchSize,
        @DefaultValue("2s") @NotNull Duration firstBackoff,
        @DefaultValue("10m") @NotNull Duration maxBackoff,
        @DefaultValue("10") @Min(1) int maxAttempts,
        @DefaultValue("30d") @NotNull Duration voucherReminderBefore,
        @DefaultValue("1h") @NotNull Duration voucherScanInterval) {
}
