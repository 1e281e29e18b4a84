/** Keys and signing for the gateway: tokens, the signing pool, algorithms and CA building. */
@NullMarked
package io.sigillum.signer;

import org.jspecify.annotations.NullMarked;
