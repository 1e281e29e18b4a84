package io.sigillum.signer.pool;

import io.sigillum.signer.TokenUnavailableException;

import java.time.Duration;
import java.util.Iterator;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * Fails requests that outlive the operation timeout. Every request has the same timeout, so deadlines arrive in
 * submission order: registering is one lock-free append, and one daemon thread walks the list every few milliseconds,
 * dropping finished requests and failing expired ones. (A scheduled task per request cost a lock and a heap insert on
 * submission plus a cancel on completion — measurable at tens of thousands of signatures per second.)
 */
final class DeadlineSweeper implements AutoCloseable {

    private static final long TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(5);

    private record Pending(CompletableFuture<?> future, long deadlineNanos) {
    }

    private final ConcurrentLinkedQueue<Pending> pending = new ConcurrentLinkedQueue<>();
    private final Duration timeout;
    private final LongAdder timeouts;
    private final Thread thread;
    private volatile boolean running = true;

    DeadlineSweeper(Duration timeout, LongAdder timeouts) {
        this.timeout = timeout;
        this.timeouts = timeouts;
        this.thread = Thread.ofPlatform().name("signer-deadlines").daemon(true).start(this::sweepUntilClosed);
    }

    void register(CompletableFuture<?> future, long deadlineNanos) {
        pending.add(new Pending(future, deadlineNanos));
    }

    @Override
    public void close() {
        running = false;
        LockSupport.unpark(thread);
    }

    private void sweepUntilClosed() {
        while (running) {
            LockSupport.parkNanos(TICK_NANOS);
            sweep(System.nanoTime());
        }
    }

    private void sweep(long now) {
        for (Iterator<Pending> it = pending.iterator(); it.hasNext(); ) {
            Pending p = it.next();
            if (p.future().isDone()) {
                it.remove();
            } else if (now - p.deadlineNanos() >= 0) {
                it.remove();
                // counted before completing, so whoever sees the failure also sees the count
                timeouts.increment();
                if (!p.future().completeExceptionally(new TokenUnavailableException(
                        "signing operation timed out after " + timeout.toMillis() + " ms"))) {
                    timeouts.decrement();
                }
            }
        }
    }
}
