package io.sigillum.signer.token;

import java.security.PrivateKey;

/**
 * A loaded key: its public description plus the provider's private key object (for PKCS#11 a handle to a key that
 * never leaves the token). Safe to share between workers; cached by the pool so signing never searches the token.
 */
public record KeyHandle(KeyInfo info, PrivateKey privateKey) {

    public KeyRef ref() {
        return info.ref();
    }

    @Override
    public String toString() {
        return "KeyHandle[" + info.ref().alias() + ", " + info.algorithm() + "]";
    }
}
