/**
 * Dev only: plays the identity vendor and the payment provider, calling the gateway's real webhook endpoints over HTTP
 * with real signatures, so the whole issuance journey runs without outside services.
 */
@NullMarked
package io.sigillum.gateway.issuance.verification.simulator;

import org.jspecify.annotations.NullMarked;
