package io.sigillum.gateway.notify;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class NotificationDispatcherTests {

    @Test
    void theBackoffDoublesAfterEachFailureUpToTheCap() {
        Duration first = Duration.ofSeconds(2);
        Duration max = Duration.ofMinutes(10);

        assertThat(NotificationDispatcher.backoff(0, first, max)).isEqualTo(Duration.ofSeconds(2));
        assertThat(NotificationDispatcher.backoff(1, first, max)).isEqualTo(Duration.ofSeconds(4));
        assertThat(NotificationDispatcher.backoff(4, first, max)).isEqualTo(Duration.ofSeconds(32));
        assertThat(NotificationDispatcher.backoff(9, first, max)).isEqualTo(max);
        assertThat(NotificationDispatcher.backoff(1000, first, max)).isEqualTo(max);
    }
}
