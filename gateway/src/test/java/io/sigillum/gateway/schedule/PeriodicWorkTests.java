package io.sigillum.gateway.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

class PeriodicWorkTests {

    /** A run that never ends (a frozen store) is given up after an interval: the schedule goes on. */
    @Test
    void aRunThatNeverEndsDoesNotStopTheSchedule() {
        AtomicInteger runs = new AtomicInteger();
        PeriodicWork work = new PeriodicWork("hanging", Duration.ZERO, Duration.ofMillis(50), () -> {
            runs.incrementAndGet();
            return Mono.never();
        });
        work.start();
        try {
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> runs.get() >= 3);
        } finally {
            work.stop();
        }
        assertThat(work.isRunning()).isFalse();
    }

    /** A failed run is left for the next tick; 0 as the interval schedules nothing. */
    @Test
    void aFailedRunIsRetriedAtTheNextTickAndZeroMeansNever() {
        AtomicInteger runs = new AtomicInteger();
        PeriodicWork failing = new PeriodicWork("failing", Duration.ZERO, Duration.ofMillis(20), () -> {
            runs.incrementAndGet();
            return Mono.error(new IllegalStateException("store gone"));
        });
        failing.start();
        try {
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> runs.get() >= 3);
        } finally {
            failing.stop();
        }
        PeriodicWork never = new PeriodicWork("never", Duration.ZERO, Duration.ZERO, Mono::empty);
        never.start();
        assertThat(never.isRunning()).isFalse();
    }
}
