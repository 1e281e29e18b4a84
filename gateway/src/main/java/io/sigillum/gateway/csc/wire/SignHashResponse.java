package io.sigillum.gateway.csc.wire;

import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;
import tools.jackson.databind.annotation.JsonSerialize;

/**
 * The answer of {@code signHash}: one signature value per hash, in the order of the request. The values stay bytes until
 * they are written, as standard Base64 with padding ({@link StandardBase64}).
 */
public record SignHashResponse(
        @ArraySchema(schema = @Schema(type = "string", format = "byte", description = "A signature value, Base64"))
        @JsonSerialize(contentUsing = StandardBase64.class) List<byte[]> signatures) {
}
