package io.sigillum.signer.ca;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sigillum.signer.InvalidInputException;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

class NaturalPersonProfileTests {

    private final Instant now = Instant.now();

    @Test
    void aProfileUsesQcpNQscdByDefault() {
        NaturalPersonProfile profile = NaturalPersonProfile.of("PL", "Jan", "Kowalski", "PNOPL-84042003432", now,
                now.plus(Duration.ofDays(1)), "https://qtsp.example/pds");
        assertThat(profile.policyOid()).isEqualTo("0.4.0.194112.1.2");
        assertThat(profile.commonName()).isEqualTo("Jan Kowalski");
    }

    @Test
    void malformedFieldsAreRejected() {
        assertThatThrownBy(() -> NaturalPersonProfile.of("pl", "Jan", "Kowalski", "PNOPL-84042003432", now,
                now.plus(Duration.ofDays(1)), "https://qtsp.example/pds")).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> NaturalPersonProfile.of("PL", "Jan", "Kowalski", "84042003432", now,
                now.plus(Duration.ofDays(1)), "https://qtsp.example/pds")).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> NaturalPersonProfile.of("PL", "Jan", "Kowalski", "PNOPL-84042003432", now,
                now.minusSeconds(1), "https://qtsp.example/pds")).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> NaturalPersonProfile.of("PL", " ", "Kowalski", "PNOPL-84042003432", now,
                now.plus(Duration.ofDays(1)), "https://qtsp.example/pds")).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> NaturalPersonProfile.of("PL", "Jan", "Kowalski", "PNOPL-84042003432", now,
                now.plus(Duration.ofDays(1)), "ftp://qtsp.example/pds")).isInstanceOf(InvalidInputException.class);
    }
}
