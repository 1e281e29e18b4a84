package io.sigillum.gateway.issuance.idempotency;

import io.sigillum.gateway.web.ApiException;
import java.util.regex.Pattern;

/** A client's {@code Idempotency-Key}: 1 to 255 printable ASCII characters, not only spaces. */
public record IdempotencyKey(String value) {

    /** The request header that carries the key. */
    public static final String HEADER = "Idempotency-Key";
    static final int MAX_LENGTH = 255;
    private static final Pattern PRINTABLE_ASCII = Pattern.compile("[\\x20-\\x7e]{1," + MAX_LENGTH + "}");

    /** Refuses anything else with 400 (problem+json at the edge), naming the header. */
    public IdempotencyKey {
        if (!PRINTABLE_ASCII.matcher(value).matches() || value.isBlank()) {
            throw ApiException.badRequest(HEADER + " must be 1 to " + MAX_LENGTH + " printable ASCII characters");
        }
    }
}
