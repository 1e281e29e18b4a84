package io.sigillum.gateway.admission;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Admission control per request class: how many requests may be in flight at once, how many may wait in line for
 * them (beyond both: 503 + Retry-After at once) and the deadline by which each request is answered (503 when it cannot
 * be).
 *
 * @param signingMaxInFlight signing requests in flight at once: enough for the audit's group commit and the Redis round
 *        trips to overlap (fewer halves throughput), few enough that the queue in front of them stays short (more
 *        lengthens the p99 under overload, of refusals too: they are answered by the same event loops). Measured
 *        2026-12-02: on one core at 2x capacity, 32 → capacity 4,251/s, accepted p99 19 ms, refused p99 8 ms; 64 →
 *        5,111/s, 46 ms, 49 ms (over issue 9's 10 ms). On two cores, closed model, 32 → 7,900–8,600/s, 64 → 11,400/s
 *        (benchmarks/RESULTS.md); a deployment on more cores, or that sheds load elsewhere, may raise it
 * @param signingDeadline the time a signing request has, from its arrival to its answer
 * @param signingReserve the time a signing request must still have left before it spends its SAD; one that waited
 *        longer is refused unspent, since it could not sign and audit in time
 * @param authorizationMaxInFlight authorization and OAuth2 requests in flight at once (PIN and secret hashing)
 * @param authorizationDeadline the time an authorization request has
 * @param issuanceMaxInFlight issuance API requests in flight at once
 * @param issuanceDeadline the time an issuance request has (PDF rendering and key generation included)
 * @param otherMaxInFlight any other request in flight at once
 * @param otherDeadline the time any other request has
 * @param committedGrace how much longer than its deadline a request that has passed its point of no return (spent a
 *        SAD) may take to finish signing and auditing before the edge gives up on it
 * @param retryAfter what a refused client is told to wait
 * @param documentMaxInFlight signDoc requests in flight at once (DSS builds whole documents: far heavier than a hash)
 * @param documentDeadline the time a signDoc request has (documents parsed, signed, timestamped and audited)
 * @param linePercent the length of each class's line, in front of its in-flight limit, as a percentage of that limit
 *        (0: refuse at once when the limit is reached). Measured 2026-12-04 (benchmarks/RESULTS.md): with no line a
 *        2x overload on one core was served at 55 % of capacity (a permit given back sat free while refusals filled
 *        the loops), with a line of the limit's length at 94 %, same p99s; an open model at half the maximum lost
 *        2.2-8.9 % to 503s without a useful line, 0.71 % with one of 4x the limit, which however made a 2x overload
 *        wait up to max-wait (refusals' p99 118 ms). Lengthen it where store stalls outlast limit / throughput
 * @param maxWait the longest a request stands in line (then 503): the line moves at the class's throughput, so only a
 *        stalled class (a frozen store) makes anyone wait this long
 * @param lineStandingAfter how long a class's line may go without emptying before it counts as standing (the load is
 *        above capacity): nobody joins a standing line until it has emptied, so under sustained overload the excess is
 *        refused at once as without one
 */
@ConfigurationProperties("sigillum.admission")
@Validated
public record AdmissionProperties(
        @DefaultValue("32") @Min(1) int signingMaxInFlight,
        @DefaultValue("2s") @NotNull Duration signingDeadline,
        @DefaultValue("1s") @NotNull Duration signingReserve,
        @DefaultValue("32") @Min(1) int authorizationMaxInFlight,
        @DefaultValue("5s") @NotNull Duration authorizationDeadline,
        @DefaultValue("64") @Min(1) int issuanceMaxInFlight,
        @DefaultValue("10s") @NotNull Duration issuanceDeadline,
        @DefaultValue("128") @Min(1) int otherMaxInFlight,
        @DefaultValue("10s") @NotNull Duration otherDeadline,
        @DefaultValue("5s") @NotNull Duration committedGrace,
        @DefaultValue("1s") @NotNull Duration retryAfter,
        @DefaultValue("16") @Min(1) int documentMaxInFlight,
        @DefaultValue("30s") @NotNull Duration documentDeadline,
        @DefaultValue("100") @Min(0) @Max(1000) int linePercent,
        @DefaultValue("100ms") @NotNull Duration maxWait,
        @DefaultValue("250ms") @NotNull Duration lineStandingAfter) {

    int maxInFlight(RequestClass type) {
        return switch (type) {
            case SIGNING -> signingMaxInFlight;
            case DOCUMENT -> documentMaxInFlight;
            case AUTHORIZATION -> authorizationMaxInFlight;
            case ISSUANCE -> issuanceMaxInFlight;
            case OTHER -> otherMaxInFlight;
        };
    }

    /** How many requests of this class may wait for a permit. */
    int lineLength(RequestClass type) {
        return (int) ((long) maxInFlight(type) * linePercent / 100);
    }

    Duration deadline(RequestClass type) {
        return switch (type) {
            case SIGNING -> signingDeadline;
            case DOCUMENT -> documentDeadline;
            case AUTHORIZATION -> authorizationDeadline;
            case ISSUANCE -> issuanceDeadline;
            case OTHER -> otherDeadline;
        };
    }
}
