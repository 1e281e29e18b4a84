package io.sigillum.gateway.csc.wire;

/** {@code credentials/info}: which credential, and how much of it to describe. */
public record InfoRequest(CredentialId credentialId, Certificates certificates, boolean certInfo, boolean authInfo) {

    public static InfoRequest read(CscRequest request) {
        return new InfoRequest(CredentialId.read(request), Certificates.read(request),
                request.optionalBoolean("certInfo", false), request.optionalBoolean("authInfo", true));
    }
}
