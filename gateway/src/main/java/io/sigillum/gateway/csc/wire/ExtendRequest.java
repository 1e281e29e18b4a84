package io.sigillum.gateway.csc.wire;

/** {@code credentials/extendTransaction}: a fresh lifetime for a SAD of this credential. */
public record ExtendRequest(CredentialId credentialId, Sad sad) {

    public static ExtendRequest read(CscRequest request) {
        return new ExtendRequest(CredentialId.read(request), Sad.read(request));
    }
}
