package io.sigillum.gateway.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A client told to come back is never told "0 s", and never comes back too early. */
class RetryAfterTests {

    @Test
    void waitsRoundUpToWholeSecondsOfAtLeastOne() {
        assertThat(ApiException.retrySeconds(Duration.ZERO)).isEqualTo(1);
        assertThat(ApiException.retrySeconds(Duration.ofMillis(-5))).isEqualTo(1);
        assertThat(ApiException.retrySeconds(Duration.ofMillis(400))).isEqualTo(1);
        assertThat(ApiException.retrySeconds(Duration.ofMillis(1000))).isEqualTo(1);
        assertThat(ApiException.retrySeconds(Duration.ofMillis(1001))).isEqualTo(2);
        assertThat(ApiException.retrySeconds(Duration.ofSeconds(30))).isEqualTo(30);
    }
}
