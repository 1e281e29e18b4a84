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
 * submission order: registering is one lock-free append, and one daemon thread walks the list, dropping finished
 * requests and failing expired ones. (A scheduled task per request cost a lock and a heap insert on submission plus a
 * cancel on completion — measurable at tens of thousands of signatures per second.)
 *
 * <p>The thread wakes only when there is something to do: at the earliest deadline still pending, and at least every
 * {@value #SWEEP_MILLIS} ms while requests are pending, so finished ones do not pile up; with none pending it sleeps
 * until one is registered. It used to wake every 5 ms whatever the load: 200 times a second on an idle gateway, and
 * under load each wake-up took a core from a thread that had work.
 */
final class DeadlineSweeper implements AutoCloseable {

    static final long SWEEP_MILLIS = 100;
    private static final long SWEEP_NANOS = TimeUnit.MILLISECONDS.toNanos(SWEEP_MILLIS);
    private static final long MIN_SLEEP_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

    private record Pending(CompletableFuture<?> future, long deadlineNanos) {
    }

    private final ConcurrentLinkedQueue<Pending> pending = new ConcurrentLinkedQueue<>();
    private final Duration timeout;
    private final LongAdder timeouts;
    private final Thread thread;
    private volatile boolean running = true;
    /** Set while the thread sleeps with nothing pending: the next registration wakes it. */
    private volatile boolean idle;

    DeadlineSweeper(Duration timeout, LongAdder timeouts) {
        this.timeout = timeout;
        this.timeouts = timeouts;
        this.thread = Thread.ofPlatform().name("signer-deadlines").daemon(true).start(this::sweepUntilClosed);
    }

    void register(CompletableFuture<?> future, long deadlineNanos) {
        pending.add(new Pending(future, deadlineNanos));
        // the append and this read pair with the thread's write of idle and its second look at the list: one of the two
        // sees the other, so a request is never left unwatched behind a thread that went to sleep for good
        if (idle) {
            LockSupport.unpark(thread);
        }
    }

    /** Whether the thread is asleep with nothing pending (for tests). */
    boolean idle() {
        return idle && thread.getState() == Thread.State.WAITING;
    }

    @Override
    public void close() {
        running = false;
        LockSupport.unpark(thread);
    }

    private void sweepUntilClosed() {
        while (running) {
            long now = System.nanoTime();
            Pending earliest = sweep(now);
            if (earliest != null) {
                LockSupport.parkNanos(this, Math.clamp(earliest.deadlineNanos() - now, MIN_SLEEP_NANOS, SWEEP_NANOS));
                continue;
            }
            idle = true;
            if (pending.isEmpty() && running) {
                LockSupport.park(this);
            }
            idle = false;
        }
    }

    /** Drops finished requests and fails expired ones; returns the pending one whose deadline is earliest, or null. */
    private Pending sweep(long now) {
        Pending earliest = null;
        for (Iterator<Pending> it = pending.iterator(); it.hasNext(); ) {
            Pending p = it.next();
            if (p.future().isDone()) {
                it.remove();
            } else if (now - p.deadlineNanos() < 0) {
                if (earliest == null) {
                    earliest = p; // deadlines follow submission order: the first one left is the earliest
                }
            } else {
                it.remove();
                // counted before completing, so whoever sees the failure also sees the count
                timeouts.increment();
                if (!p.future().completeExceptionally(new TokenUnavailableException(
                        "signing operation timed out after " + timeout.toMillis() + " ms"))) {
                    timeouts.decrement();
                }
            }
        }
        return earliest;
    }
}
