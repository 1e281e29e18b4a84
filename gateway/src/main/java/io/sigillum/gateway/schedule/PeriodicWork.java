package io.sigillum.gateway.schedule;

import java.time.Duration;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Work an instance does on a schedule of its own (a CRL check, a sweep): one run at a time, a tick that finds the last
 * run still going dropped rather than queued, a run not done within one interval given up (a store that stopped
 * answering, frozen rather than gone, must not stop the schedule for good), and a failed run logged once and left for
 * the next tick.
 */
public final class PeriodicWork {

    private static final Logger log = LoggerFactory.getLogger(PeriodicWork.class);

    private final String name;
    private final Duration first;
    private final Duration every;
    private final Supplier<Mono<?>> work;
    private volatile Disposable schedule = Disposables.disposed();

    /**
     * @param name what the work is, for the log
     * @param first when the first run starts
     * @param every how often it runs; 0: never on its own
     */
    public PeriodicWork(String name, Duration first, Duration every, Supplier<Mono<?>> work) {
        this.name = name;
        this.first = first;
        this.every = every;
        this.work = work;
    }

    public void start() {
        if (every.isZero() || isRunning()) {
            return;
        }
        schedule = Flux.interval(first, every)
                .onBackpressureDrop()
                .concatMap(tick -> work.get().then().timeout(every).onErrorResume(failure -> {
                    log.warn("{} failed: {}", name, failure.toString());
                    return Mono.empty();
                }), 1)
                .subscribe();
    }

    public void stop() {
        schedule.dispose();
    }

    public boolean isRunning() {
        return !schedule.isDisposed();
    }
}
