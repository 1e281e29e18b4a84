package io.sigillum.gateway.csc.wire;

import io.sigillum.signer.algorithm.DigestAlgorithm;
import java.math.BigInteger;
import java.util.Base64;
import java.util.Optional;

/** {@code signatures/timestamp}: a digest to be timestamped, its algorithm, and an optional nonce (hex). */
public record TimestampRequest(DigestAlgorithm hashAlgorithm, byte[] hash, Optional<BigInteger> nonce) {

    private static final int MAX_NONCE_HEX = 64;

    public static TimestampRequest read(CscRequest request) {
        DigestAlgorithm algorithm = DigestAlgorithm.fromOid(request.requiredString("hashAlgo"))
                .orElseThrow(() -> CscErrors.invalidParameter("hashAlgo"));
        byte[] hash;
        try {
            hash = Base64.getDecoder().decode(request.requiredString("hash"));
        } catch (IllegalArgumentException e) {
            throw CscErrors.invalidRequest("Invalid Base64 hash string parameter");
        }
        if (hash.length != algorithm.digestLength()) {
            throw CscErrors.invalidRequest("Invalid digest value length (" + hash.length + " bytes, expected "
                    + algorithm.digestLength() + ")");
        }
        Optional<BigInteger> nonce = request.optionalString("nonce").map(value -> {
            if (value.length() > MAX_NONCE_HEX || !value.matches("[0-9a-fA-F]+")) {
                throw CscErrors.invalidParameter("nonce");
            }
            return new BigInteger(value, 16);
        });
        return new TimestampRequest(algorithm, hash, nonce);
    }

    @Override
    public String toString() {
        return "TimestampRequest[" + hashAlgorithm + "]";
    }
}
