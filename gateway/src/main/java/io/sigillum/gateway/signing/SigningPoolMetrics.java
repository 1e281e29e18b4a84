package io.sigillum.gateway.signing;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.sigillum.signer.pool.PoolMetrics;
import io.sigillum.signer.pool.SigningPool;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;
import org.springframework.stereotype.Component;

/** Binds the pool's library-neutral counters to Micrometer: queue depth, in-flight, rejections, latency. */
@Component
class SigningPoolMetrics implements MeterBinder {

    private final SigningPool pool;

    SigningPoolMetrics(SigningPool pool) {
        this.pool = pool;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        gauge(registry, "sigillum.signing.pool.queue.depth", "requests waiting for a worker", PoolMetrics::queueDepth);
        gauge(registry, "sigillum.signing.pool.in.flight", "requests being signed", PoolMetrics::inFlight);
        gauge(registry, "sigillum.signing.pool.workers", "signing threads", PoolMetrics::workers);
        counter(registry, "sigillum.signing.pool.completed", "requests completed", PoolMetrics::completed);
        counter(registry, "sigillum.signing.pool.rejected", "requests refused because the queue was full", PoolMetrics::rejected);
        counter(registry, "sigillum.signing.pool.failures", "requests that failed", PoolMetrics::failures);
        counter(registry, "sigillum.signing.pool.signatures", "signatures made", PoolMetrics::signatures);
        counter(registry, "sigillum.signing.pool.latency.count", "requests timed", PoolMetrics::latencyCount);
        FunctionCounter.builder("sigillum.signing.pool.latency.total", pool,
                        p -> p.metrics().latencyTotalNanos() / (double) TimeUnit.SECONDS.toNanos(1))
                .description("total request latency").baseUnit("seconds").register(registry);
    }

    private void gauge(MeterRegistry registry, String name, String description, ToDoubleFunction<PoolMetrics> value) {
        Gauge.builder(name, pool, p -> value.applyAsDouble(p.metrics())).description(description).register(registry);
    }

    private void counter(MeterRegistry registry, String name, String description, ToDoubleFunction<PoolMetrics> value) {
        FunctionCounter.builder(name, pool, p -> value.applyAsDouble(p.metrics())).description(description).register(registry);
    }
}
