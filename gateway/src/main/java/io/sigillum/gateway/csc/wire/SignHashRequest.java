package io.sigillum.gateway.csc.wire;

import io.sigillum.signer.InvalidInputException;
import io.sigillum.signer.algorithm.SignatureScheme;
import java.util.Base64;
import java.util.Optional;

/**
 * {@code signatures/signHash}: the hashes to sign, how, and the SAD that allows it (absent when a credential token
 * stands for it).
 */
public record SignHashRequest(CredentialId credentialId, Optional<Sad> sad, SignatureScheme scheme, Hashes hashes) {

    public static SignHashRequest read(CscRequest request, int maxHashes) {
        CredentialId credentialId = CredentialId.read(request);
        Optional<Sad> sad = Sad.readOptional(request);
        request.requireSynchronous();
        if (request.stringArray("hashes").isEmpty()) {
            throw CscErrors.invalidRequest("Empty hash array");
        }
        SignatureScheme scheme = scheme(request);
        return new SignHashRequest(credentialId, sad, scheme,
                Hashes.read(request, scheme.digest().digestLength(), maxHashes, "Empty hash array"));
    }

    static SignatureScheme scheme(CscRequest request) {
        String signAlgo = request.requiredString("signAlgo");
        Optional<byte[]> params = request.optionalString("signAlgoParams").map(value -> {
            try {
                return Base64.getDecoder().decode(value);
            } catch (IllegalArgumentException e) {
                throw CscErrors.invalidRequest("Invalid Base64 signAlgoParams");
            }
        });
        try {
            return SignatureScheme.resolve(signAlgo, request.optionalString("hashAlgorithmOID"), params);
        } catch (InvalidInputException e) {
            throw CscErrors.invalidRequest("Invalid parameter signAlgo/hashAlgorithmOID: " + e.getMessage());
        }
    }

    @Override
    public String toString() {
        return "SignHashRequest[" + credentialId + ", " + hashes.size() + " hashes]";
    }
}
