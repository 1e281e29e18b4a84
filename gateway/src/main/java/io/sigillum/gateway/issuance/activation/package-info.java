/** Activation of an issued credential: the holder sets the 8-digit PIN once; the credential becomes ACTIVE. */
@NullMarked
package io.sigillum.gateway.issuance.activation;

import org.jspecify.annotations.NullMarked;
