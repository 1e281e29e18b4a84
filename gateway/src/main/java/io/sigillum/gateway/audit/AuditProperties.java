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
 * @param commitInterval the longest the records waiting are held for more, from the last commit's start, before their
 *        commit starts ({@link AuditLog} says when they are: records arriving faster than commits, fewer than
 *        {@code gatherRecords} of them, signing with room to spare). At moderate load a commit would otherwise start for
 *        every few records, and each costs PostgreSQL and the event loops fixed work (a statement, a round trip, a WAL
 *        flush) whatever it carries. Measured 2026-12-05 (benchmarks/RESULTS.md), 3,600 signHash a second on two cores:
 *        0 → 750-790 commits a second of 4.6-4.8 records, the gateway's JVM 0.88-0.94 cores and PostgreSQL 0.28;
 *        3 ms → 307-309 commits of 11.7, 0.73-0.75 and 0.19-0.21, the median answer the same (3-4 ms); again with the
 *        log's own timer, 0 → JVM, PostgreSQL and Redis 1.45 and 1.30 cores together, 3 ms → 1.28 and 1.13. Zero starts every
 *        commit at once
 * @param gatherRecords records waiting that start the next commit at once, whatever {@code commitInterval} says
 */
@ConfigurationProperties("sigillum.audit")
@Validated
public record AuditProperties(@DefaultValue("1000") @Min(1) int maxBatch, @DefaultValue("20000") @Min(1) int maxPending,
        @DefaultValue("2s") @NotNull Duration commitDeadline, @DefaultValue("500ms") @NotNull Duration stallAfter,
        @DefaultValue("3ms") @NotNull Duration commitInterval, @DefaultValue("16") @Min(1) int gatherRecords) {
}
