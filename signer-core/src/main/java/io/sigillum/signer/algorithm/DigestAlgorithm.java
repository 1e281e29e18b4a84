package io.sigillum.signer.algorithm;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;

/** A hash algorithm a client may have used to compute the digest it asks us to sign. */
public enum DigestAlgorithm {
    SHA256("2.16.840.1.101.3.4.2.1", 32, "SHA-256", "3031300d060960864801650304020105000420"),
    SHA384("2.16.840.1.101.3.4.2.2", 48, "SHA-384", "3041300d060960864801650304020205000430"),
    SHA512("2.16.840.1.101.3.4.2.3", 64, "SHA-512", "3051300d060960864801650304020305000440");

    private final String oid;
    private final int digestLength;
    private final String jcaName;
    private final byte[] digestInfoPrefix;

    DigestAlgorithm(String oid, int digestLength, String jcaName, String digestInfoPrefixHex) {
        this.oid = oid;
        this.digestLength = digestLength;
        this.jcaName = jcaName;
        this.digestInfoPrefix = HexFormat.of().parseHex(digestInfoPrefixHex);
    }

    public String oid() {
        return oid;
    }

    public int digestLength() {
        return digestLength;
    }

    public String jcaName() {
        return jcaName;
    }

    /** The DER DigestInfo (RFC 8017 §9.2) around {@code digest}, as RSA PKCS#1 v1.5 signs it. */
    public byte[] digestInfo(byte[] digest) {
        byte[] info = Arrays.copyOf(digestInfoPrefix, digestInfoPrefix.length + digest.length);
        System.arraycopy(digest, 0, info, digestInfoPrefix.length, digest.length);
        return info;
    }

    public static Optional<DigestAlgorithm> fromOid(String oid) {
        for (DigestAlgorithm d : values()) {
            if (d.oid.equals(oid)) {
                return Optional.of(d);
            }
        }
        return Optional.empty();
    }
}
