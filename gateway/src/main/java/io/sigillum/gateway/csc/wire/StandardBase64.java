package io.sigillum.gateway.csc.wire;

import java.util.Base64;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.ValueSerializer;

/**
 * Writes bytes as a JSON string of standard Base64 with padding, as Jackson does by default, but encoded by the JDK's
 * {@link Base64}, which the JIT replaces with vector instructions, where Jackson's encoder goes three bytes at a time
 * (under signHash ×100 it was the event loops' largest single item, 5.6 %). Base64 needs no JSON escaping, so the value is
 * written as it is.
 */
final class StandardBase64 extends ValueSerializer<byte[]> {

    private static final Base64.Encoder ENCODER = Base64.getEncoder();

    @Override
    public void serialize(byte[] value, JsonGenerator generator, SerializationContext context) {
        byte[] encoded = ENCODER.encode(value);
        generator.writeRawUTF8String(encoded, 0, encoded.length);
    }
}
