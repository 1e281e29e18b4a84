package io.sigillum.gateway.operations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** A scrape token too short to be a secret stops the start, and the reason never carries the token itself. */
class MetricsPropertiesTests {

    @Test
    void aShortTokenIsRefusedWithoutBeingRepeated() {
        String shortToken = "only-twenty-one-chars";
        assertThatThrownBy(() -> new MetricsProperties(shortToken))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least 32 characters")
                .message().doesNotContain(shortToken);
        assertThat(new MetricsProperties(null).scrapeToken()).isNull();
        assertThat(new MetricsProperties("x".repeat(32)).scrapeToken()).hasSize(32);
        // white space is no part of a token: a blank one is as short as none, a mounted secret's newline is dropped
        assertThatThrownBy(() -> new MetricsProperties(" ".repeat(40))).hasMessageContaining("the one set has 0");
        assertThat(new MetricsProperties("y".repeat(32) + "\n").scrapeToken()).isEqualTo("y".repeat(32));
    }
}
