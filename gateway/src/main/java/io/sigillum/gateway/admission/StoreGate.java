package io.sigillum.gateway.admission;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import reactor.core.publisher.Mono;

/**
 * Closes when a store stops answering and reopens only once a probe gets an answer again, so no new irrevocable work
 * (a SAD spent, a signature made) is sent to a store that may execute it late or never confirm it. While closed, at most
 * one probe runs at a time, with its own deadline; the question that starts it may wait for its answer
 * ({@link #openOrProbe()}), so the first request after a quiet outage is served rather than refused while the store is
 * already back, and the questions meanwhile are answered no at once.
 */
public final class StoreGate {

    private static final Mono<Boolean> OPEN = Mono.just(true);
    private static final Mono<Boolean> CLOSED = Mono.just(false);

    private final Supplier<Mono<?>> probe;
    private final Duration probeDeadline;
    private final AtomicBoolean probing = new AtomicBoolean();
    private volatile boolean failing;

    public StoreGate(Supplier<Mono<?>> probe, Duration probeDeadline) {
        this.probe = probe;
        this.probeDeadline = probeDeadline;
    }

    /** Whether new work may go to the store now; while not, a probe runs in the background. */
    public boolean open() {
        if (failing) {
            openOrProbe().subscribe();
            return false;
        }
        return true;
    }

    /**
     * Whether new work may go to the store: at once while it is open, or while another question's probe runs; otherwise
     * after a probe of this question's own, which answers true when the store answered it within its deadline (the
     * gate is then open again). Cancelling the answer cancels the probe, and the next question probes again.
     */
    public Mono<Boolean> openOrProbe() {
        return failing ? Mono.defer(this::probeUnlessProbing) : OPEN;
    }

    private Mono<Boolean> probeUnlessProbing() {
        if (!failing) {
            return OPEN;
        }
        if (!probing.compareAndSet(false, true)) {
            return CLOSED;
        }
        return Mono.defer(probe).timeout(probeDeadline)
                .then(Mono.fromCallable(() -> {
                    failing = false;
                    return true;
                }))
                .onErrorReturn(false)
                // free before the answer is passed on: a question that follows it may probe again at once
                .doOnNext(answer -> probing.set(false))
                .doOnCancel(() -> probing.set(false));
    }

    /** The store failed to answer a call: close until a probe succeeds. */
    public void failed() {
        failing = true;
    }

    /** The store answered a call. */
    public void answered() {
        failing = false;
    }
}
