package io.sigillum.gateway.admission;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import reactor.core.publisher.Mono;

/**
 * Closes when a store stops answering and reopens only once a probe gets an answer again, so no new irrevocable work
 * (a SAD spent, a signature made) is sent to a store that may execute it late or never confirm it. While closed, at most
 * one probe runs at a time, with its own deadline. The question that starts it waits a little for its answer
 * ({@link #openOrProbe()}): a store that is back answers in far less, so the first request after a quiet outage is
 * served rather than refused, while during an outage that request is refused after {@link #PATIENCE} and the probe goes
 * on without it; the questions meanwhile are answered no at once.
 */
public final class StoreGate {

    /**
     * How long the question that starts a probe waits for its answer: a store that answers at all does in a few ms, a
     * new connection to it (the old one broke) in tens, more on a loaded machine; and a signing request that waited
     * longer than this would no longer have the time left to sign (its deadline less its reserve, 2 s less 1 s).
     */
    static final Duration PATIENCE = Duration.ofMillis(500);
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
            probeUnlessProbing();
            return false;
        }
        return true;
    }

    /**
     * Whether new work may go to the store: at once while it is open, or while another question's probe runs;
     * otherwise once the probe this question starts has answered, or {@link #PATIENCE} has passed, whichever is first
     * (true when the store answered the probe: the gate is then open again). The probe does not end with the question.
     */
    public Mono<Boolean> openOrProbe() {
        return failing ? Mono.defer(() -> {
            CompletableFuture<Boolean> probed = probeUnlessProbing();
            return probed == null ? Mono.just(!failing) : Mono.fromFuture(probed, true).timeout(PATIENCE, CLOSED);
        }) : OPEN;
    }

    /** The answer of a probe started now, or null when the gate is open or another probe runs. */
    private CompletableFuture<Boolean> probeUnlessProbing() {
        if (!failing || !probing.compareAndSet(false, true)) {
            return null;
        }
        return Mono.defer(probe).timeout(probeDeadline)
                .then(Mono.fromCallable(() -> {
                    failing = false;
                    return true;
                }))
                .onErrorReturn(false)
                // free before the answer is passed on: a question that follows it may probe again at once
                .doOnNext(answer -> probing.set(false))
                .toFuture();
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
