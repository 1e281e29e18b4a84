/** Wiring of the signer-core pool into the gateway: the token, the pool, health and metrics. */
@NullMarked
package io.sigillum.gateway.signing;

import org.jspecify.annotations.NullMarked;
