package io.sigillum.gateway.web;

import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives each HTTP event loop thread the nice value of {@link EventLoopProperties}, the first time the loop sets up a
 * connection (afterwards: one thread-local read per connection). Why: on a saturated core, a refused request otherwise
 * waits for its loop to be scheduled among every other busy thread, and measured under overload that wait, not the
 * refusal itself (0.01 ms), made the refusals' latency tail (see benchmarks/RESULTS.md).
 */
final class EventLoopPriority {

    private static final Logger log = LoggerFactory.getLogger(EventLoopPriority.class);

    private final int nice;
    private final ThreadLocal<Boolean> done = ThreadLocal.withInitial(() -> Boolean.FALSE);
    private final AtomicBoolean reported = new AtomicBoolean();

    EventLoopPriority(EventLoopProperties properties) {
        this.nice = properties.nice();
    }

    /** Called on an event loop thread: gives it its nice value unless it already has it. */
    void applyToCurrentThread() {
        if (nice == 0 || done.get()) {
            return;
        }
        done.set(Boolean.TRUE);
        boolean applied = ThreadNice.available().map(thread -> thread.set(nice)).orElse(false);
        if (reported.compareAndSet(false, true)) {
            if (applied) {
                log.info("HTTP event loops run at nice {}", nice);
            } else {
                log.info("HTTP event loops run at normal priority: nice {} needs Linux and CAP_SYS_NICE", nice);
            }
        }
    }
}
