package io.sigillum.gateway.admission;

/**
 * How loaded the signing requests are, for work behind them that may trade a little of a request's latency for less
 * work per request (the audit's group commit gathering records): only while signing has room to spare is that trade
 * free, since a signing request that waits longer holds its permit longer, and once permits run short every
 * millisecond of it costs throughput.
 */
public interface SigningLoad {

    /** Whether fewer than half the signing class's permits are taken and nobody waits in its line. */
    boolean roomToSpare();
}
