/**
 * The built-in certificate authority as infrastructure: its root and issuing keys in the token (created on first start in
 * development), loaded once into a {@code CertificateAuthority}. Issuing an applicant's certificate is a step of the
 * issuance workflow and lives in {@code issuance.certificate}, which uses this CA.
 */
@NullMarked
package io.sigillum.gateway.ca;

import org.jspecify.annotations.NullMarked;
