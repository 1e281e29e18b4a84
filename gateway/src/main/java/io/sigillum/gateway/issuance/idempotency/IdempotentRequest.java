package io.sigillum.gateway.issuance.idempotency;

import java.util.Optional;

/**
 * A state-changing request as idempotency sees it: the optional key and the endpoint (method and concrete path), since
 * one key may not be reused for another request. Resolved from the exchange by {@link IdempotentRequestResolver}.
 */
public record IdempotentRequest(Optional<IdempotencyKey> key, String endpoint) {
}
