package io.sigillum.signer.algorithm;

import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Optional;

/** A key pair the tokens can generate: type and size (or curve). */
public enum KeyAlgorithm {
    RSA_2048(KeyType.RSA, 2048, "RSA"),
    RSA_3072(KeyType.RSA, 3072, "RSA"),
    RSA_4096(KeyType.RSA, 4096, "RSA"),
    EC_P256(KeyType.EC, 256, "secp256r1"),
    EC_P384(KeyType.EC, 384, "secp384r1");

    private final KeyType keyType;
    private final int bits;
    private final String curveOrName;

    KeyAlgorithm(KeyType keyType, int bits, String curveOrName) {
        this.keyType = keyType;
        this.bits = bits;
        this.curveOrName = curveOrName;
    }

    public KeyType keyType() {
        return keyType;
    }

    public int bits() {
        return bits;
    }

    /** The JCA standard curve name ({@code secp256r1}) for EC keys. */
    public String curveName() {
        if (keyType != KeyType.EC) {
            throw new IllegalStateException(this + " is not an EC key");
        }
        return curveOrName;
    }

    /** Recognises the algorithm of an existing public key; empty when it is none of ours. */
    public static Optional<KeyAlgorithm> of(PublicKey publicKey) {
        if (publicKey instanceof RSAPublicKey rsa) {
            int bits = rsa.getModulus().bitLength();
            for (KeyAlgorithm a : values()) {
                if (a.keyType == KeyType.RSA && a.bits == bits) {
                    return Optional.of(a);
                }
            }
        } else if (publicKey instanceof ECPublicKey ec) {
            int bits = ec.getParams().getOrder().bitLength();
            for (KeyAlgorithm a : values()) {
                if (a.keyType == KeyType.EC && a.bits == bits) {
                    return Optional.of(a);
                }
            }
        }
        return Optional.empty();
    }
}
