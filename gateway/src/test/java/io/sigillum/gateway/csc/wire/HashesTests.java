package io.sigillum.gateway.csc.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class HashesTests {

    private static final Base64.Encoder ENCODER = Base64.getEncoder();

    private final JsonMapper json = JsonMapper.builder().build();
    private final SplittableRandom random = new SplittableRandom(11);

    @Test
    void everyHashIsCarriedAsTheCanonicalBase64OfItsDigest() {
        for (int length : new int[] {20, 28, 32, 48, 64}) {
            List<String> sent = new ArrayList<>();
            List<String> expected = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                byte[] digest = new byte[length];
                random.nextBytes(digest);
                String canonical = ENCODER.encodeToString(digest);
                sent.add(switch (i % 3) {
                    case 0 -> canonical;
                    case 1 -> withoutPadding(canonical);
                    default -> withUnusedBitsSet(canonical, length);
                });
                expected.add(canonical);
            }

            Hashes hashes = Hashes.read(request(sent), length, 1000, "Empty hash array");

            assertThat(hashes.canonical()).isEqualTo(expected);
            for (int i = 0; i < expected.size(); i++) {
                assertThat(hashes.digests().get(i)).isEqualTo(Base64.getDecoder().decode(expected.get(i)));
            }
        }
    }

    @Test
    void aHashAlreadyCanonicalIsKeptAsSent() {
        String sent = ENCODER.encodeToString(new byte[32]);

        assertThat(Hashes.read(request(List.of(sent)), 32, 10, "Empty hash array").canonical().getFirst()).isSameAs(sent);
    }

    private CscRequest request(List<String> hashes) {
        return new CscRequest(json.valueToTree(Map.of("hashes", hashes)));
    }

    private static String withoutPadding(String canonical) {
        return canonical.replace("=", "");
    }

    /** The same bytes with the bits of the last character beyond them set, where the length leaves any. */
    private static String withUnusedBitsSet(String canonical, int length) {
        int last = switch (length % 3) {
            case 1 -> canonical.length() - 3;
            case 2 -> canonical.length() - 2;
            default -> -1;
        };
        if (last < 0) {
            return canonical;
        }
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        int value = alphabet.indexOf(canonical.charAt(last)) | (length % 3 == 1 ? 0x0F : 0x03);
        String changed = canonical.substring(0, last) + alphabet.charAt(value) + canonical.substring(last + 1);
        assertThat(changed).isNotEqualTo(canonical);
        return changed;
    }
}
