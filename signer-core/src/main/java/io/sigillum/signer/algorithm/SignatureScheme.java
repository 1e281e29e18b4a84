package io.sigillum.signer.algorithm;

import io.sigillum.signer.InvalidInputException;

import java.util.Arrays;
import java.util.Optional;

/** A fully resolved way to sign a pre-computed digest. */
public record SignatureScheme(SignAlgorithm algorithm, DigestAlgorithm digest, Optional<PssParameters> pss) {

    private static final byte[] DER_NULL = {0x05, 0x00};
    /** id-ecPublicKey: the key's OID, which some clients send as signAlgo for ECDSA, naming the hash apart. */
    private static final String EC_PUBLIC_KEY = "1.2.840.10045.2.1";

    public SignatureScheme {
        algorithm.impliedDigest().filter(implied -> implied != digest).ifPresent(implied -> {
            throw new InvalidInputException(algorithm + " implies " + implied + ", not " + digest);
        });
        if (algorithm == SignAlgorithm.RSASSA_PSS) {
            PssParameters params = pss.orElseThrow(
                    () -> new InvalidInputException("RSASSA-PSS needs its parameters (signAlgoParams)"));
            if (params.digest() != digest) {
                throw new InvalidInputException("PSS parameters hash " + params.digest() + " differs from " + digest);
            }
        } else if (pss.isPresent()) {
            throw new InvalidInputException("PSS parameters given for " + algorithm);
        }
    }

    /**
     * Resolves CSC (signAlgo, hashAlgorithmOID, signAlgoParams DER) into a scheme; {@link InvalidInputException} on
     * anything unknown, inconsistent (SHA256_WITH_RSA with a SHA-384 hash OID) or missing (RSA_PKCS1 without a hash
     * OID, PSS without parameters). ECDSA named by the key's OID (id-ecPublicKey), as rsaEncryption names PKCS#1 v1.5,
     * is ECDSA with the hash named by hashAlgorithmOID.
     */
    public static SignatureScheme resolve(String signAlgoOid, Optional<String> hashAlgorithmOid,
            Optional<byte[]> signAlgoParamsDer) {
        Optional<DigestAlgorithm> hash = hashAlgorithmOid.map(oid -> DigestAlgorithm.fromOid(oid)
                .orElseThrow(() -> new InvalidInputException("unsupported hashAlgorithmOID " + oid)));
        SignAlgorithm algorithm = (signAlgoOid.equals(EC_PUBLIC_KEY)
                ? Optional.of(SignAlgorithm.ecdsaWith(hash.orElseThrow(
                        () -> new InvalidInputException("ECDSA named by id-ecPublicKey needs hashAlgorithmOID"))))
                : SignAlgorithm.fromOid(signAlgoOid))
                .orElseThrow(() -> new InvalidInputException("unsupported signAlgo " + signAlgoOid));
        if (algorithm == SignAlgorithm.RSASSA_PSS) {
            PssParameters params = PssParameters.fromDer(signAlgoParamsDer
                    .orElseThrow(() -> new InvalidInputException("RSASSA-PSS needs signAlgoParams")));
            if (hash.isPresent() && hash.get() != params.digest()) {
                throw new InvalidInputException("hashAlgorithmOID " + hash.get() + " differs from PSS hash " + params.digest());
            }
            return new SignatureScheme(algorithm, params.digest(), Optional.of(params));
        }
        if (signAlgoParamsDer.isPresent() && !Arrays.equals(signAlgoParamsDer.get(), DER_NULL)) {
            throw new InvalidInputException("signAlgoParams are only allowed with RSASSA-PSS");
        }
        DigestAlgorithm digest = algorithm.impliedDigest().or(() -> hash)
                .orElseThrow(() -> new InvalidInputException(algorithm + " needs hashAlgorithmOID"));
        if (hash.isPresent() && hash.get() != digest) {
            throw new InvalidInputException("hashAlgorithmOID " + hash.get() + " contradicts " + algorithm);
        }
        return new SignatureScheme(algorithm, digest, Optional.empty());
    }

    /** A non-PSS scheme. */
    public static SignatureScheme of(SignAlgorithm algorithm, DigestAlgorithm digest) {
        return new SignatureScheme(algorithm, digest, Optional.empty());
    }

    /** A PSS scheme with the given parameters. */
    public static SignatureScheme pss(PssParameters parameters) {
        return new SignatureScheme(SignAlgorithm.RSASSA_PSS, parameters.digest(), Optional.of(parameters));
    }

    /** Rejects a digest whose length does not fit this scheme, before it gets anywhere near a token. */
    public void checkDigest(byte[] digestValue) {
        if (digestValue.length != digest.digestLength()) {
            throw new InvalidInputException("digest must be " + digest.digestLength() + " bytes for " + digest
                    + ", was " + digestValue.length);
        }
    }

    public KeyType keyType() {
        return algorithm.keyType();
    }
}
