package io.sigillum.signer.algorithm;

import io.sigillum.signer.InvalidInputException;

import java.io.IOException;

import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.RSASSAPSSparams;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;

/** RSASSA-PSS parameters (RFC 8017 A.2.3) restricted to what we sign: SHA-2 digests, MGF1, trailer field 1. */
public record PssParameters(DigestAlgorithm digest, DigestAlgorithm mgfDigest, int saltLength) {

    private static final int MAX_SALT_LENGTH = 512;

    public PssParameters {
        if (saltLength < 0 || saltLength > MAX_SALT_LENGTH) {
            throw new InvalidInputException("PSS salt length out of range: " + saltLength);
        }
    }

    /** The usual choice: MGF1 with the same digest, salt as long as the digest. */
    public static PssParameters of(DigestAlgorithm digest) {
        return new PssParameters(digest, digest, digest.digestLength());
    }

    /** The DER RSASSA-PSS-params, as CSC {@code signAlgoParams} carries them (base64 on the wire). */
    public byte[] toDer() {
        AlgorithmIdentifier hash = new AlgorithmIdentifier(new ASN1ObjectIdentifier(digest.oid()), DERNull.INSTANCE);
        AlgorithmIdentifier mgf = new AlgorithmIdentifier(PKCSObjectIdentifiers.id_mgf1,
                new AlgorithmIdentifier(new ASN1ObjectIdentifier(mgfDigest.oid()), DERNull.INSTANCE));
        try {
            return new RSASSAPSSparams(hash, mgf, new ASN1Integer(saltLength), new ASN1Integer(1))
                    .getEncoded(ASN1Encoding.DER);
        } catch (IOException e) {
            throw new IllegalStateException("DER encoding of PSS parameters failed", e);
        }
    }

    /** Parses DER RSASSA-PSS-params; absent fields take the RFC defaults, which (SHA-1) we then refuse. */
    public static PssParameters fromDer(byte[] der) {
        RSASSAPSSparams params;
        try {
            params = RSASSAPSSparams.getInstance(der);
        } catch (RuntimeException e) {
            throw new InvalidInputException("signAlgoParams is not DER RSASSA-PSS-params");
        }
        if (params.getTrailerField().intValueExact() != 1) {
            throw new InvalidInputException("PSS trailer field must be 1");
        }
        DigestAlgorithm digest = digestOf(params.getHashAlgorithm(), "PSS hash");
        AlgorithmIdentifier mgf = params.getMaskGenAlgorithm();
        if (!PKCSObjectIdentifiers.id_mgf1.equals(mgf.getAlgorithm())) {
            throw new InvalidInputException("PSS mask generation must be MGF1, was " + mgf.getAlgorithm());
        }
        DigestAlgorithm mgfDigest = digestOf(AlgorithmIdentifier.getInstance(mgf.getParameters()), "MGF1 hash");
        int salt;
        try {
            salt = params.getSaltLength().intValueExact();
        } catch (ArithmeticException e) {
            throw new InvalidInputException("PSS salt length out of range");
        }
        return new PssParameters(digest, mgfDigest, salt);
    }

    private static DigestAlgorithm digestOf(AlgorithmIdentifier id, String what) {
        String oid = id.getAlgorithm().getId();
        return DigestAlgorithm.fromOid(oid)
                .orElseThrow(() -> new InvalidInputException(what + " not supported: " + oid));
    }
}
