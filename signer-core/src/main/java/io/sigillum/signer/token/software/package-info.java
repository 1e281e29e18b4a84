/** The software token: keys in an encrypted PKCS#12 file, signed with the fastest provider that loads. */
@NullMarked
package io.sigillum.signer.token.software;

import org.jspecify.annotations.NullMarked;
