package io.sigillum.gateway.csc;

import org.jspecify.annotations.Nullable;
import org.springframework.core.codec.DecodingException;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.web.server.ServerWebInputException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Request bodies that a CSC handler reads itself rather than through {@code @RequestBody}. */
final class CscBodies {

    private CscBodies() {
    }

    /**
     * The body's JSON, read with the application's input rules, the buffer released; null for an empty body. Malformed
     * JSON fails as Spring's JSON decoder and {@code @RequestBody} fail, so the edge maps it as for every other method.
     */
    static @Nullable JsonNode json(JsonMapper json, DataBuffer body) {
        byte[] bytes = new byte[body.readableByteCount()];
        try {
            body.read(bytes);
        } finally {
            DataBufferUtils.release(body);
        }
        if (bytes.length == 0) {
            return null;
        }
        try {
            return json.readTree(bytes);
        } catch (JacksonException malformed) {
            throw new ServerWebInputException("Failed to read the request body", null,
                    new DecodingException("JSON decoding error: " + malformed.getOriginalMessage(), malformed));
        }
    }
}
