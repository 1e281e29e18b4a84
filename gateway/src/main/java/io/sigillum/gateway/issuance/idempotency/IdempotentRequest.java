package io.sigillum.gateway.issuance.idempotency;

import java.util.Optional;

/**
 * A state-changing request as idempotency sees it: the optional key, the endpoint (method and concrete path) and the
 * SHA-256 of the body (hex), since one key may not be reused for another request. Resolved from the exchange by
 * {@link IdempotentRequestResolver}.
 */
public record IdempotentRequest(Optional<IdempotencyKey> key, String endpoint, String bodySha256) {
}
