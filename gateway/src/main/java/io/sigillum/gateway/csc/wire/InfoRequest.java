package io.sigillum.gateway.csc.wire;

/**
 * {@code credentials/info}: which credential, and how much of it to describe. Its {@code lang}, if any, must be a
 * string (a language tag, checked by {@link CscRequest}; empty means the default); the descriptions are in the service's
 * language.
 */
public record InfoRequest(CredentialId credentialId, Certificates certificates, boolean certInfo, boolean authInfo) {

    public static InfoRequest read(CscRequest request) {
        return new InfoRequest(CredentialId.read(request), Certificates.read(request),
                request.optionalBoolean("certInfo", false), request.optionalBoolean("authInfo", true));
    }
}
