package io.sigillum.gateway.csc.wire;

/** {@code credentials/list}: whose credentials, and how much of each to describe. */
public record ListRequest(String userId, boolean credentialInfo, Certificates certificates, boolean certInfo,
        boolean authInfo, boolean onlyValid) {

    public static ListRequest read(CscRequest request) {
        String userId = request.requiredString("userID");
        if (userId.length() > CredentialId.MAX_LENGTH) {
            throw CscErrors.invalidParameter("userID");
        }
        return new ListRequest(userId, request.optionalBoolean("credentialInfo", false), Certificates.read(request),
                request.optionalBoolean("certInfo", false), request.optionalBoolean("authInfo", false),
                request.optionalBoolean("onlyValid", false));
    }
}
