package io.sigillum.gateway.secret;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class Sha256Tests {

    private static final String ABC = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";

    @Test
    void hashesAsTheStandardSays() {
        assertThat(HexFormat.of().formatHex(Sha256.of("abc".getBytes(StandardCharsets.US_ASCII)))).isEqualTo(ABC);
    }

    @Test
    void aDigestLeftHalfWayIsResetForTheNextHash() {
        MessageDigest abandoned = Sha256.threadDigest();
        abandoned.update("left half way".getBytes(StandardCharsets.US_ASCII));

        MessageDigest next = Sha256.threadDigest();
        next.update("abc".getBytes(StandardCharsets.US_ASCII));

        assertThat(HexFormat.of().formatHex(next.digest())).isEqualTo(ABC);
    }

    @Test
    void eachThreadHasItsOwn() throws InterruptedException {
        MessageDigest[] other = new MessageDigest[1];
        Thread thread = Thread.ofPlatform().start(() -> other[0] = Sha256.threadDigest());
        thread.join();

        assertThat(other[0]).isNotSameAs(Sha256.threadDigest());
    }
}
