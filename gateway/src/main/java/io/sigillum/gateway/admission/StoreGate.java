package io.sigillum.gateway.admission;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import reactor.core.publisher.Mono;

/**
 * Closes when a store stops answering and reopens only once a probe gets an answer again, so no new irrevocable work
 * (a SAD spent, a signature made) is sent to a store that may execute it late or never confirm it. While closed, each
 * question starts at most one probe at a time; the probe has its own deadline.
 */
public final class StoreGate {

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
        if (!failing) {
            return true;
        }
        if (probing.compareAndSet(false, true)) {
            probe.get().timeout(probeDeadline)
                    .doFinally(signal -> probing.set(false))
                    .subscribe(answer -> failing = false, failure -> { }, () -> failing = false);
        }
        return false;
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
