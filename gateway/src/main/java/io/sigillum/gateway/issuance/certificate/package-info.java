/**
 * From a verified applicant to a certificate: the statement signed by SMS code (and an operator's countersignature where
 * the product needs it), the key generated in the HSM, the certificate issued by the built-in CA, and the credential.
 */
@NullMarked
package io.sigillum.gateway.issuance.certificate;

import org.jspecify.annotations.NullMarked;
