/**
 * The signing token and the signer-core pool in front of it, as the gateway runs them: configuration, health, metrics.
 * Every key operation (CSC signatures, the CA, issuance key generation) goes through the pool made here; the CSC API that
 * asks for signatures lives in {@code csc}.
 */
@NullMarked
package io.sigillum.gateway.signing;

import org.jspecify.annotations.NullMarked;
