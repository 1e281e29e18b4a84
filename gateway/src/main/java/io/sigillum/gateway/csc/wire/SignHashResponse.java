package io.sigillum.gateway.csc.wire;

import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/**
 * The answer of {@code signHash}: one signature value per hash, in the order of the request. The values stay bytes until
 * Jackson writes them, as standard Base64 with padding, straight into the response — no intermediate string per value.
 */
public record SignHashResponse(
        @ArraySchema(schema = @Schema(type = "string", format = "byte", description = "A signature value, Base64"))
        List<byte[]> signatures) {
}
