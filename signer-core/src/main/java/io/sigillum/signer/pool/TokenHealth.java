package io.sigillum.signer.pool;

/** Health of the pool's token: UP unless the pool is closed or the circuit breaker is open. */
public record TokenHealth(boolean up, String provider, String description, String circuitState, String detail) {
}
