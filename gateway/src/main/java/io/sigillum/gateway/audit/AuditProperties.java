package io.sigillum.gateway.audit;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Group commit of audit records.
 *
 * @param maxBatch records written in one transaction at most
 * @param maxPending records waiting for a transaction before new requests are refused (503)
 * @param commitDeadline how long one group commit may take before its records fail (503): a frozen PostgreSQL ends
 *        in a clear error, never a held request
 * @param stallAfter how long a commit may run before the log stops accepting new signatures ({@link AuditLog#accepting});
 *        after a failed commit it accepts none until a commit succeeds, so no new SAD is spent on a signature that could
 *        not be audited
 */
@ConfigurationProperties("sigillum.audit")
@Validated
public record AuditProperties(@DefaultValue("1000") @Min(1) int maxBatch, @DefaultValue("20000") @Min(1) int maxPending,
        @DefaultValue("2s") @NotNull Duration commitDeadline, @DefaultValue("500ms") @NotNull Duration stallAfter) {
}
