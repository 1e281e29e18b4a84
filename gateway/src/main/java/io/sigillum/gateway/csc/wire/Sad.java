package io.sigillum.gateway.csc.wire;

/** Signature activation data as a platform presents it: a secret, never printed. */
public record Sad(String value) {

    static Sad read(CscRequest request) {
        return new Sad(request.requiredString("SAD"));
    }

    @Override
    public String toString() {
        return "Sad[***]";
    }
}
