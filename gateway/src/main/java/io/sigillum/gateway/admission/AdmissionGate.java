package io.sigillum.gateway.admission;

import io.netty.util.concurrent.EventExecutor;
import io.netty.util.internal.ThreadExecutorMap;
import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;

/**
 * One request class's permits and its short line, without a lock (every caller is an event loop): a request takes a
 * free permit at once; when none is free it may wait in a line of bounded length, and a permit given back goes to the
 * first in line; when the line is full too, the request is refused at once. The line is for bursts, not for overload:
 * it absorbs requests that arrive together or pile up behind a short stall of a store (a WAL sync or a checkpoint of
 * 50–60 ms, at thousands of requests a second), and a line that has not emptied within {@code standingAfter} is a
 * standing line — the load is above capacity — which nobody joins until it has emptied: under sustained overload the
 * excess is then refused at once, as without a line (CoDel's distinction between a good queue and a bad one).
 *
 * <p>A permit given to a request in line is handed over as a task of that request's own event loop (where it joined
 * the line), never run inside the request that gave it back, which is about to write its own answer.
 */
final class AdmissionGate {

    private final int limit;
    private final int lineLength;
    private final long standingAfterNanos;
    private volatile long busySince;
    private final AtomicInteger taken = new AtomicInteger();
    private final AtomicInteger waiting = new AtomicInteger();
    private final Queue<Waiter> line = new ConcurrentLinkedQueue<>();

    /** A gate of {@code limit} permits and a line of {@code lineLength} that stands once not empty for {@code standingAfter}. */
    AdmissionGate(int limit, int lineLength, Duration standingAfter) {
        this.limit = limit;
        this.lineLength = lineLength;
        this.standingAfterNanos = standingAfter.toNanos();
    }

    /** A permit now, if one is free and nobody waits for one; null otherwise. */
    @Nullable Permit tryEnter() {
        return waiting.get() == 0 && tryTake() ? new Permit(this) : null;
    }

    /**
     * A place in line, or at once why there is none (the line is full, or standing); the place's turn gives a permit
     * when it is this request's. The turn must be subscribed (it is counted in line from now). Cancelling it (the
     * client went away, the wait was too long) leaves the line; a permit handed over meanwhile comes back.
     */
    Place join() {
        long now = System.nanoTime();
        if (waiting.get() > 0 && now - busySince > standingAfterNanos) {
            return Refusal.STANDING;
        }
        int place = waiting.incrementAndGet();
        if (place > lineLength) {
            waiting.decrementAndGet();
            return Refusal.FULL;
        }
        if (place == 1) {
            busySince = now; // the line was empty until now
        }
        return new Place.InLine(Mono.create(sink -> {
            Waiter waiter = new Waiter(sink, ThreadExecutorMap.currentExecutor());
            sink.onCancel(waiter::cancel);
            line.offer(waiter);
            handOver();
        }));
    }

    /** What {@link #join} gives: a turn to wait for, or why the request may not wait (its line full, or standing). */
    sealed interface Place permits Place.InLine, Refusal {

        /** In line: {@code turn} gives the permit. */
        record InLine(Mono<Permit> turn) implements Place {
        }
    }

    int inFlight() {
        return taken.get();
    }

    int waiting() {
        return waiting.get();
    }

    private boolean tryTake() {
        for (int now = taken.get(); now < limit; now = taken.get()) {
            if (taken.compareAndSet(now, now + 1)) {
                return true;
            }
        }
        return false;
    }

    private void release() {
        taken.decrementAndGet();
        handOver();
    }

    /** Gives free permits to the first live requests in line; called after each release and each new place in line. */
    private void handOver() {
        while (!line.isEmpty() && tryTake()) {
            Waiter next = line.poll();
            if (next == null || !next.grant(new Permit(this))) {
                taken.decrementAndGet(); // another thread emptied the line, or its first had left: the permit stays free
            }
        }
    }

    /** An admitted request's permit, returned exactly once: at commit of its answer, or when it ends without one. */
    static final class Permit {

        private final AdmissionGate gate;
        private final AtomicBoolean returned = new AtomicBoolean();

        private Permit(AdmissionGate gate) {
            this.gate = gate;
        }

        void release() {
            if (returned.compareAndSet(false, true)) {
                gate.release();
            }
        }
    }

    /** One request in line: granted a permit once, or gone (cancelled) once, whichever comes first. */
    private final class Waiter {

        private final MonoSink<Permit> sink;
        private final @Nullable EventExecutor loop;
        private final AtomicInteger state = new AtomicInteger(WAITING);
        private volatile @Nullable Permit granted;

        private static final int WAITING = 0;
        private static final int GRANTED = 1;
        private static final int GONE = 2;

        Waiter(MonoSink<Permit> sink, @Nullable EventExecutor loop) {
            this.sink = sink;
            this.loop = loop;
        }

        /** Takes the permit unless the request has left the line; false (the caller keeps the permit) if it has. */
        boolean grant(Permit permit) {
            granted = permit; // before the state changes, so that a cancel that sees GRANTED sees the permit too
            if (!state.compareAndSet(WAITING, GRANTED)) {
                granted = null;
                return false;
            }
            waiting.decrementAndGet();
            if (loop == null) {
                sink.success(permit);
                return true;
            }
            try {
                loop.execute(() -> sink.success(permit)); // after the giver's current work, even on the same loop
            } catch (RejectedExecutionException closed) {
                sink.success(permit); // its loop has shut down: the permit still reaches it, and comes back as it ends
            }
            return true;
        }

        /** The request left: out of the count now (the line drops it when it reaches it); a permit it got goes back. */
        void cancel() {
            if (state.compareAndSet(WAITING, GONE)) {
                waiting.decrementAndGet();
                return;
            }
            Permit permit = granted;
            if (permit != null) {
                permit.release(); // granted but cancelled before it arrived; once it has arrived, this is not called
            }
        }
    }
}
