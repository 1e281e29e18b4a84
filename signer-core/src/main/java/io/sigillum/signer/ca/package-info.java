/** Certificate building with Bouncy Castle over token keys: CSRs, a root and issuing CA, the ETSI natural-person profile. */
@NullMarked
package io.sigillum.signer.ca;

import org.jspecify.annotations.NullMarked;
