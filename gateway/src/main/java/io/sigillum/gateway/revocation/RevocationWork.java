package io.sigillum.gateway.revocation;

import io.sigillum.gateway.web.ApiException;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.RejectedExecutionException;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * Where OCSP answers and CRLs are signed: a bounded scheduler of its own, since signing waits on the signing pool and
 * must never hold an event loop; when its queue is full the caller gets 503 + Retry-After at once.
 */
final class RevocationWork implements AutoCloseable {

    private static final Duration RETRY_AFTER = Duration.ofSeconds(1);

    private final Scheduler scheduler;

    RevocationWork(RevocationProperties properties) {
        this.scheduler = Schedulers.newBoundedElastic(properties.threads(), properties.queueCapacity(), "revocation");
    }

    <T> Mono<T> run(Callable<T> work) {
        return Mono.fromCallable(work).subscribeOn(scheduler)
                .onErrorMap(RejectedExecutionException.class, rejected -> ApiException.unavailable(
                        "The CA's revocation service is busy; retry shortly", RETRY_AFTER));
    }

    @Override
    public void close() {
        scheduler.dispose();
    }
}
