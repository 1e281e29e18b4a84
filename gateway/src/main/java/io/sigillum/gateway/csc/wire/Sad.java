package io.sigillum.gateway.csc.wire;

import java.util.Optional;

/**
 * Signature activation data as a platform presents it in {@code SAD}: a secret, never printed. Absent when the
 * platform authorizes with a credential token as Bearer instead (oauth2code).
 */
public record Sad(String value) {

    static Optional<Sad> readOptional(CscRequest request) {
        return request.optionalString("SAD").map(Sad::new);
    }

    static Sad read(CscRequest request) {
        return new Sad(request.requiredString("SAD"));
    }

    /** Whether this is a credential access token (a JWT) presented in {@code SAD} rather than a SAD we issued. */
    public boolean isAccessToken() {
        int first = value.indexOf('.');
        int second = first < 0 ? -1 : value.indexOf('.', first + 1);
        return second > 0 && value.indexOf('.', second + 1) < 0;
    }

    @Override
    public String toString() {
        return "Sad[***]";
    }
}
