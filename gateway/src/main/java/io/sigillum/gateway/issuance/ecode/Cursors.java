package io.sigillum.gateway.issuance.ecode;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/** Opaque keyset cursors: the id of the last row of a page, so clients do not build them. */
final class Cursors {

    private static final String PREFIX = "k1:";

    private Cursors() {
    }

    static String encode(long id) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString((PREFIX + id).getBytes(StandardCharsets.US_ASCII));
    }

    /** The id, or a 400 field error on {@code cursor} when it is not one of ours. */
    static Optional<Long> decode(Optional<String> cursor) {
        if (cursor.isEmpty()) {
            return Optional.empty();
        }
        try {
            String text = new String(Base64.getUrlDecoder().decode(cursor.get()), StandardCharsets.US_ASCII);
            if (!text.startsWith(PREFIX)) {
                throw new IllegalArgumentException(text);
            }
            return Optional.of(Long.parseLong(text.substring(PREFIX.length())));
        } catch (IllegalArgumentException e) {
            throw ECodeService.fieldError("cursor", "InvalidCursor", "not a cursor returned by this list");
        }
    }
}
