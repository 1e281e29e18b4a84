package io.sigillum.gateway.csc.wire;

/** {@code credentials/getChallenge} (and the v1 {@code sendOTP}): send the SMS code for a credential. */
public record ChallengeRequest(CredentialId credentialId) {

    public static ChallengeRequest read(CscRequest request) {
        CredentialId credentialId = CredentialId.read(request);
        request.optionalString("authObjectID").filter(id -> !id.equalsIgnoreCase("OTP"))
                .ifPresent(id -> {
                    throw CscErrors.invalidParameter("authObjectID");
                });
        return new ChallengeRequest(credentialId);
    }
}
