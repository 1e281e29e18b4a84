package io.sigillum.gateway.csc.wire;

import java.util.Optional;

/** {@code credentials/list}: whose credentials (absent for a user-bound token), and how much of each to describe. */
public record ListRequest(Optional<String> userId, boolean credentialInfo, Certificates certificates, boolean certInfo,
        boolean authInfo, boolean onlyValid) {

    public static ListRequest read(CscRequest request) {
        Optional<String> userId = request.optionalString("userID");
        if (userId.filter(id -> id.length() > CredentialId.MAX_LENGTH).isPresent()) {
            throw CscErrors.invalidParameter("userID");
        }
        return new ListRequest(userId, request.optionalBoolean("credentialInfo", false), Certificates.read(request),
                request.optionalBoolean("certInfo", false), request.optionalBoolean("authInfo", false),
                request.optionalBoolean("onlyValid", false));
    }
}
