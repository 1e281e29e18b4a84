package io.sigillum.gateway.csc.wire;

/**
 * A CSC {@code credentialID} as a platform sends it: a non-blank string of at most {@value #MAX_LENGTH} characters.
 * Longer values cannot name a credential of ours and are refused like an unknown one.
 */
public record CredentialId(String value) {

    static final int MAX_LENGTH = 255;

    public CredentialId {
        if (value.isBlank() || value.length() > MAX_LENGTH) {
            throw CscErrors.unknownCredential();
        }
    }

    static CredentialId read(CscRequest request) {
        return new CredentialId(request.requiredString("credentialID"));
    }

    @Override
    public String toString() {
        return value;
    }
}
