package io.sigillum.gateway.csc;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The shutdown's wait for the signing work under way: until it has been idle a few polls in a row, or its limit. */
class SigningDrainTests {

    private final AtomicInteger polls = new AtomicInteger();

    @Test
    void waitsUntilTheWorkIsIdleSeveralPollsInARow() throws InterruptedException {
        // idle for a moment between two stages (poll 3), then under way again: only the later run of idle polls ends it
        Queue<Boolean> answers = new ArrayDeque<>(List.of(false, false, true, false, true, true, true));
        SigningDrain drain = new SigningDrain(() -> {
            polls.incrementAndGet();
            Boolean next = answers.poll();
            return next == null || next;
        }, () -> "", Duration.ofSeconds(30), 1);
        drain.start();

        stopAndWait(drain);

        assertThat(polls).hasValue(7);
        assertThat(drain.isRunning()).isFalse();
    }

    @Test
    void givesUpAtItsLimitWhenTheWorkNeverEnds() throws InterruptedException {
        SigningDrain drain = new SigningDrain(() -> {
            polls.incrementAndGet();
            return false;
        }, () -> "signing 1", Duration.ofMillis(200), 1);
        drain.start();
        long started = System.nanoTime();

        stopAndWait(drain);

        long tookMillis = (System.nanoTime() - started) / 1_000_000;
        assertThat(tookMillis).isGreaterThanOrEqualTo(200);
        assertThat(polls.get()).isGreaterThan(1);
    }

    @Test
    void returnsAtOnceWhenNothingIsUnderWay() throws InterruptedException {
        SigningDrain drain = new SigningDrain(() -> {
            polls.incrementAndGet();
            return true;
        }, () -> "", Duration.ofSeconds(30), 1);

        stopAndWait(drain);

        assertThat(polls).hasValue(3);
    }

    /** What Spring's lifecycle processor does: stops the drain and waits for its callback. */
    private static void stopAndWait(SigningDrain drain) throws InterruptedException {
        CountDownLatch done = new CountDownLatch(1);
        drain.stop(done::countDown);
        assertThat(done.await(5, TimeUnit.SECONDS)).as("the drain called back").isTrue();
    }
}
