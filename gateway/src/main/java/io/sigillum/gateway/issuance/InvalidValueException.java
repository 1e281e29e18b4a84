package io.sigillum.gateway.issuance;

/**
 * A value that cannot exist (a PESEL with a wrong checksum, an unknown phone prefix, a malformed e-code), with a short
 * machine-readable code that becomes the {@code code} of a field error.
 */
public final class InvalidValueException extends IllegalArgumentException {

    private final String code;

    public InvalidValueException(String code, String message) {
        super(message);
        this.code = code;
    }

    public String code() {
        return code;
    }
}
