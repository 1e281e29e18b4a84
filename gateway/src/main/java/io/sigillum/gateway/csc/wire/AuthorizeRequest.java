package io.sigillum.gateway.csc.wire;

import io.sigillum.signer.algorithm.DigestAlgorithm;

/** {@code credentials/authorize} in explicit mode (SCAL2): PIN and SMS code over the hashes to be signed. */
public record AuthorizeRequest(CredentialId credentialId, int numSignatures, DigestAlgorithm hashAlgorithm, Hashes hashes,
        String pin, String otp) {

    /** CSC's bound on the free-form {@code description} of the authorization (also the code flow's). */
    private static final int MAX_DESCRIPTION = 500;

    public static AuthorizeRequest read(CscRequest request, int maxHashes) {
        CredentialId credentialId = CredentialId.read(request);
        int numSignatures = request.requiredInt("numSignatures");
        DigestAlgorithm hashAlgorithm = DigestAlgorithm.fromOid(request.optionalString("hashAlgorithmOID")
                        .orElseThrow(() -> CscErrors.missingString("hashAlgorithmOID")))
                .orElseThrow(() -> CscErrors.invalidParameter("hashAlgorithmOID"));
        Hashes hashes = Hashes.read(request, hashAlgorithm.digestLength(), maxHashes,
                "Empty hash array (SCAL 2: hashes are required)");
        if (numSignatures < 1 || numSignatures < hashes.size()) {
            throw CscErrors.invalidRequest("Invalid value for parameter numSignatures");
        }
        request.optionalString("description").filter(text -> text.length() > MAX_DESCRIPTION).ifPresent(text -> {
            throw CscErrors.invalidRequest("description is longer than " + MAX_DESCRIPTION + " characters");
        });
        String pin = request.authValue("PIN").orElseThrow(() -> CscErrors.invalidRequest("Missing authData PIN"));
        String otp = request.authValue("OTP").orElseThrow(() -> CscErrors.invalidRequest("Missing authData OTP"));
        return new AuthorizeRequest(credentialId, numSignatures, hashAlgorithm, hashes, pin, otp);
    }

    @Override
    public String toString() {
        return "AuthorizeRequest[" + credentialId + ", " + numSignatures + "]";
    }
}
