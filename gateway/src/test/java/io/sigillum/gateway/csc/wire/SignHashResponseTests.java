package io.sigillum.gateway.csc.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class SignHashResponseTests {

    private final JsonMapper json = JsonMapper.builder().build();

    @Test
    void theSignaturesAreWrittenAsStandardBase64WithPaddingAsJacksonWritesBytes() {
        SplittableRandom random = new SplittableRandom(7);
        List<byte[]> signatures = new ArrayList<>();
        for (int length = 0; length <= 515; length++) {
            byte[] value = new byte[length];
            random.nextBytes(value);
            signatures.add(value);
        }

        byte[] written = json.writeValueAsBytes(new SignHashResponse(signatures));

        JsonNode values = json.readTree(written).get("signatures");
        assertThat(values.size()).isEqualTo(signatures.size());
        for (int i = 0; i < signatures.size(); i++) {
            assertThat(values.get(i).asString()).isEqualTo(Base64.getEncoder().encodeToString(signatures.get(i)));
            assertThat(values.get(i).binaryValue()).isEqualTo(signatures.get(i));
        }
        // what Jackson itself makes of the same bytes, as a map of the same shape
        assertThat(written).isEqualTo(json.writeValueAsBytes(java.util.Map.of("signatures", signatures)));
    }
}
