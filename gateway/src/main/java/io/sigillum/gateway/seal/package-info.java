/**
 * The QTSP's own electronic seal: its key in the token and its legal-person certificate from the built-in CA, with which
 * the service seals documents it vouches for itself (the issuance statement signed by SMS code, the operator's
 * countersignature).
 */
@NullMarked
package io.sigillum.gateway.seal;

import org.jspecify.annotations.NullMarked;
