/**
 * Revocation of the built-in CA's certificates and how it is published: the OCSP responder (RFC 6960) with its delegated
 * responder certificate, the CRL (RFC 5280) kept once across instances, and revocation, suspension and release by an
 * operator of the issuing organisation or by the holder (PIN + SMS code).
 */
@NullMarked
package io.sigillum.gateway.revocation;

import org.jspecify.annotations.NullMarked;
