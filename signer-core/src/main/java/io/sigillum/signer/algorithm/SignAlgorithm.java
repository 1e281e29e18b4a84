package io.sigillum.signer.algorithm;

import java.util.Optional;

import org.jspecify.annotations.Nullable;

/** A CSC {@code signAlgo}: the signature algorithm OID, with the digest it implies where it implies one. */
public enum SignAlgorithm {
    RSA_PKCS1("1.2.840.113549.1.1.1", KeyType.RSA, null),
    SHA256_WITH_RSA("1.2.840.113549.1.1.11", KeyType.RSA, DigestAlgorithm.SHA256),
    SHA384_WITH_RSA("1.2.840.113549.1.1.12", KeyType.RSA, DigestAlgorithm.SHA384),
    SHA512_WITH_RSA("1.2.840.113549.1.1.13", KeyType.RSA, DigestAlgorithm.SHA512),
    RSASSA_PSS("1.2.840.113549.1.1.10", KeyType.RSA, null),
    ECDSA_SHA256("1.2.840.10045.4.3.2", KeyType.EC, DigestAlgorithm.SHA256),
    ECDSA_SHA384("1.2.840.10045.4.3.3", KeyType.EC, DigestAlgorithm.SHA384),
    ECDSA_SHA512("1.2.840.10045.4.3.4", KeyType.EC, DigestAlgorithm.SHA512);

    private final String oid;
    private final KeyType keyType;
    private final @Nullable DigestAlgorithm impliedDigest;

    SignAlgorithm(String oid, KeyType keyType, @Nullable DigestAlgorithm impliedDigest) {
        this.oid = oid;
        this.keyType = keyType;
        this.impliedDigest = impliedDigest;
    }

    public String oid() {
        return oid;
    }

    public KeyType keyType() {
        return keyType;
    }

    /** The digest this OID fixes ({@code sha256WithRSAEncryption} → SHA-256); empty for plain RSA and PSS. */
    public Optional<DigestAlgorithm> impliedDigest() {
        return Optional.ofNullable(impliedDigest);
    }

    /** ECDSA with this digest. */
    public static SignAlgorithm ecdsaWith(DigestAlgorithm digest) {
        return switch (digest) {
            case SHA256 -> ECDSA_SHA256;
            case SHA384 -> ECDSA_SHA384;
            case SHA512 -> ECDSA_SHA512;
        };
    }

    public static Optional<SignAlgorithm> fromOid(String oid) {
        for (SignAlgorithm a : values()) {
            if (a.oid.equals(oid)) {
                return Optional.of(a);
            }
        }
        return Optional.empty();
    }
}
