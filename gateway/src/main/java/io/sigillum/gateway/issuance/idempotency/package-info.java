/**
 * The {@code Idempotency-Key} of issuance's state transitions: the header read once into an {@link
 * io.sigillum.gateway.issuance.idempotency.IdempotentRequest}, and the store that answers a retry with the first result.
 */
@NullMarked
package io.sigillum.gateway.issuance.idempotency;

import org.jspecify.annotations.NullMarked;
