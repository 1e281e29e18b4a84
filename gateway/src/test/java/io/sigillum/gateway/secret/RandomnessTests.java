package io.sigillum.gateway.secret;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** Each thread draws from its own DRBG, so event loops never wait on one another's monitor for random bytes. */
class RandomnessTests {

    @Test
    void everyThreadHasItsOwnGenerator() throws Exception {
        SecureRandom here = Randomness.current();
        SecureRandom there = CompletableFuture.supplyAsync(Randomness::current).get();
        assertThat(here).isSameAs(Randomness.current()).isNotSameAs(there);
        assertThat(here.getAlgorithm()).isEqualTo("DRBG");
    }

    @Test
    void drawsDoNotRepeat() {
        Set<String> drawn = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            drawn.add(Randomness.hex(16));
        }
        assertThat(drawn).hasSize(10_000);
        assertThat(Randomness.nextInt(10)).isBetween(0, 9);
    }

    @Test
    void uuidsAreVersionFourAndDoNotRepeat() {
        Set<UUID> seen = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            UUID id = Randomness.uuid();
            assertThat(id.version()).isEqualTo(4);
            assertThat(id.variant()).isEqualTo(2);
            assertThat(seen.add(id)).isTrue();
        }
    }
}
