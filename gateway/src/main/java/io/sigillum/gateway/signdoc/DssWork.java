package io.sigillum.gateway.signdoc;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.sigillum.gateway.csc.wire.CscErrors;
import io.sigillum.gateway.web.ApiException;
import java.util.concurrent.Callable;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * Where DSS runs: a bounded scheduler (its threads and queue from {@link SignDocProperties}) behind a bound on the
 * signDoc calls working at once. Both refuse at once with 503 + Retry-After rather than queue without end, and count it.
 */
@Component
class DssWork implements DisposableBean {

    private final Scheduler scheduler;
    private final Semaphore calls;
    private final SignDocProperties properties;
    private final Counter busy;
    private final Counter queueFull;
    private final Counter tooLarge;

    DssWork(SignDocProperties properties, MeterRegistry meters) {
        this.properties = properties;
        this.scheduler = Schedulers.newBoundedElastic(properties.threads(), properties.queueCapacity(), "signdoc");
        this.calls = new Semaphore(properties.maxConcurrent());
        this.busy = refused(meters, "busy");
        this.queueFull = refused(meters, "queue_full");
        this.tooLarge = refused(meters, "too_large");
        Gauge.builder("sigillum.signdoc.in.flight", calls, s -> properties.maxConcurrent() - s.availablePermits())
                .description("signDoc calls doing DSS work").register(meters);
    }

    /** Runs {@code call} holding one of the concurrent-call permits; 503 when none is free. */
    <T> Mono<T> admit(Mono<T> call) {
        return Mono.defer(() -> {
            if (!calls.tryAcquire()) {
                busy.increment();
                return Mono.error(ApiException.unavailable("signDoc is at capacity; retry shortly", properties.retryAfter()));
            }
            return call.doFinally(signal -> calls.release());
        });
    }

    /**
     * Runs blocking DSS work on the signDoc scheduler; 503 when its queue is full. A {@link LinkageError} from DSS (a
     * class or service implementation it cannot load, e.g. its CRL parser) fails the call at once as a server error,
     * and a document that overflows the stack or the heap as it is read as a client's error (400): Reactor rethrows
     * such errors on the worker instead of signalling them, so the call would otherwise wait for its deadline, holding
     * its permit, and the grant it spent would not be given back before then.
     */
    <T> Mono<T> run(Callable<T> work) {
        return Mono.fromCallable(() -> call(work)).subscribeOn(scheduler)
                .onErrorMap(RejectedExecutionException.class, rejected -> {
                    queueFull.increment();
                    return ApiException.unavailable("signDoc is at capacity; retry shortly", properties.retryAfter());
                });
    }

    private static <T> T call(Callable<T> work) throws Exception {
        try {
            return work.call();
        } catch (LinkageError e) {
            throw new IllegalStateException("signDoc's DSS work cannot run: " + e, e);
        } catch (StackOverflowError e) {
            // a document nested deeper than its reader recurses (a PDF page tree thousands of levels deep): the stack
            // unwinds with the error, and the call must not wait out its deadline holding a permit
            throw CscErrors.invalidRequest("Invalid document: it is nested too deeply to be read");
        } catch (OutOfMemoryError e) {
            // a document that expands beyond the heap as it is read (a small PDF whose streams inflate to gigabytes)
            throw CscErrors.invalidRequest("Invalid document: reading it takes more memory than a signDoc call is given");
        }
    }

    private static Counter refused(MeterRegistry meters, String reason) {
        return Counter.builder("sigillum.signdoc.refused").tag("reason", reason)
                .description("signDoc calls refused before any work").register(meters);
    }

    /** Counts a call refused for what it carried (a document too large, too many documents). */
    void countTooLarge() {
        tooLarge.increment();
    }

    @Override
    public void destroy() {
        scheduler.dispose();
    }
}
