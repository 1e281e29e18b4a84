package io.sigillum.signer.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sigillum.signer.TokenUnavailableException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DeadlineSweeperTests {

    private static final Duration TIMEOUT = Duration.ofMillis(150);

    private final LongAdder timeouts = new LongAdder();
    private final DeadlineSweeper sweeper = new DeadlineSweeper(TIMEOUT, timeouts);

    @AfterEach
    void close() {
        sweeper.close();
    }

    @Test
    void withNothingPendingItSleepsUntilARequestIsRegistered() throws Exception {
        await(sweeper::idle);

        CompletableFuture<Void> stuck = register();

        assertThatThrownBy(() -> stuck.get(5, TimeUnit.SECONDS)).cause()
                .isInstanceOf(TokenUnavailableException.class).hasMessageContaining("timed out after 150 ms");
        assertThat(timeouts.sum()).isEqualTo(1);
        await(sweeper::idle);
    }

    @Test
    void aRequestThatFinishesInTimeIsDroppedNotFailed() throws Exception {
        CompletableFuture<Void> quick = register();
        quick.complete(null);

        await(sweeper::idle);
        assertThat(quick.get()).isNull();
        assertThat(timeouts.sum()).isZero();
    }

    @Test
    void everyRequestLeftPendingTimesOutWhileOthersFinish() throws Exception {
        List<CompletableFuture<Void>> stuck = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            CompletableFuture<Void> request = register();
            if (i % 2 == 0) {
                request.complete(null);
            } else {
                stuck.add(request);
            }
        }

        for (CompletableFuture<Void> request : stuck) {
            assertThatThrownBy(() -> request.get(5, TimeUnit.SECONDS)).cause().isInstanceOf(TokenUnavailableException.class);
        }
        assertThat(timeouts.sum()).isEqualTo(100);
        await(sweeper::idle);
    }

    private CompletableFuture<Void> register() {
        CompletableFuture<Void> request = new CompletableFuture<>();
        sweeper.register(request, System.nanoTime() + TIMEOUT.toNanos());
        return request;
    }

    /** Waits (at most 5 s) for a state the sweeper's own thread reaches. */
    private static void await(BooleanSupplier condition) throws InterruptedException {
        long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("reached within 5 s").isLessThan(giveUp);
            Thread.sleep(5);
        }
    }
}
