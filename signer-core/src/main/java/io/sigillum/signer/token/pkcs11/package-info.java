/** PKCS#11 tokens (HSMs, SoftHSM2) through the JDK's SunPKCS11 provider. */
@NullMarked
package io.sigillum.signer.token.pkcs11;

import org.jspecify.annotations.NullMarked;
