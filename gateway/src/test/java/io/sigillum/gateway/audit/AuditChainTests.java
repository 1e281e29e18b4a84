package io.sigillum.gateway.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class AuditChainTests {

    private static final String AT = "2026-12-02T17:04:05.123456Z";

    @Test
    void aRecordHashesAsItsDefinitionSays() throws NoSuchAlgorithmException {
        AuditEntry entry = new AuditEntry("signHash", "demo-platform", "cred-1", "user-1", "sad-1", "2.16.840.1.101.3.4.2.1",
                List.of("AAAA", "BBBB"), "OK");

        assertThat(AuditChain.hash(AuditChain.GENESIS, 1, AT, entry, entry.hashList()))
                .isEqualTo(byDefinition(AuditChain.GENESIS, "1", AT, "signHash", "demo-platform", "cred-1", "user-1", "sad-1",
                        "2.16.840.1.101.3.4.2.1", "AAAA,BBBB", "OK"));
    }

    @Test
    void fieldsOutsideAsciiAreFramedByTheirUtf8Length() throws NoSuchAlgorithmException {
        AuditEntry entry = new AuditEntry("authorize", "platforma-żółć", "cred-ą", "użytkownik-€", "", "", List.of(),
                "refused: zły kod");

        assertThat(AuditChain.hash("ab12", 42, AT, entry, entry.hashList()))
                .isEqualTo(byDefinition("ab12", "42", AT, "authorize", "platforma-żółć", "cred-ą", "użytkownik-€", "", "", "",
                        "refused: zły kod"));
    }

    @Test
    void longFieldsAreFramedByTheirUtf8LengthWhetherAsciiOrNot() throws NoSuchAlgorithmException {
        String ascii = "a".repeat(65);
        String polish = "zły kod ".repeat(9);
        AuditEntry entry = new AuditEntry("authorize", ascii, polish, "u", "", "", List.of(), polish + ascii);

        assertThat(AuditChain.hash("ab12", 42, AT, entry, entry.hashList()))
                .isEqualTo(byDefinition("ab12", "42", AT, "authorize", ascii, polish, "u", "", "", "", polish + ascii));
    }

    @Test
    void aLongHashListGrowsTheBufferAndTheNextRecordIsNotBlurredByIt() throws NoSuchAlgorithmException {
        List<String> hashes = Collections.nCopies(500, "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=");
        AuditEntry batch = new AuditEntry("signHash", "p", "c", "u", "s", "a", hashes, "OK");
        AuditEntry lone = new AuditEntry("signHash", "p", "c", "u", "s", "a", List.of("x"), "OK");

        String first = AuditChain.hash("prev", 7, AT, batch, batch.hashList());
        String second = AuditChain.hash(first, 8, AT, lone, lone.hashList());

        assertThat(first).isEqualTo(byDefinition("prev", "7", AT, "signHash", "p", "c", "u", "s", "a", batch.hashList(), "OK"));
        assertThat(second).isEqualTo(byDefinition(first, "8", AT, "signHash", "p", "c", "u", "s", "a", "x", "OK"));
    }

    @Test
    void sequenceNumbersOfEveryWidthAreFramedAsTheirDecimalDigits() throws NoSuchAlgorithmException {
        AuditEntry entry = new AuditEntry("signHash", "p", "c", "u", "s", "a", List.of("x"), "OK");
        for (long seq : new long[] {0, 1, 9, 10, 99, 100, 4_096, 1_234_567_890_123L, Long.MAX_VALUE}) {
            assertThat(AuditChain.hash("prev", seq, AT, entry, entry.hashList())).as("seq %d", seq)
                    .isEqualTo(byDefinition("prev", Long.toString(seq), AT, "signHash", "p", "c", "u", "s", "a", "x", "OK"));
        }
    }

    @Test
    void movingABoundaryBetweenFieldsChangesTheHash() {
        AuditEntry one = new AuditEntry("signHash", "ab", "c", "u", "s", "a", List.of(), "OK");
        AuditEntry other = new AuditEntry("signHash", "a", "bc", "u", "s", "a", List.of(), "OK");

        assertThat(AuditChain.hash("p", 1, AT, one, one.hashList()))
                .isNotEqualTo(AuditChain.hash("p", 1, AT, other, other.hashList()));
    }

    /** SHA-256 over each field's UTF-8 length in decimal, a colon and its UTF-8 bytes, in the order given. */
    private static String byDefinition(String... fields) throws NoSuchAlgorithmException {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        for (String field : fields) {
            byte[] bytes = field.getBytes(StandardCharsets.UTF_8);
            digest.update((bytes.length + ":").getBytes(StandardCharsets.US_ASCII));
            digest.update(bytes);
        }
        return HexFormat.of().formatHex(digest.digest());
    }
}
