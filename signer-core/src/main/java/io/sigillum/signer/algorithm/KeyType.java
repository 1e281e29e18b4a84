package io.sigillum.signer.algorithm;

/** The family of a key pair. */
public enum KeyType {
    RSA,
    EC
}
