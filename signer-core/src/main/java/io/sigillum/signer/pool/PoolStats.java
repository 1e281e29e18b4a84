package io.sigillum.signer.pool;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAccumulator;
import java.util.concurrent.atomic.LongAdder;

/** The live counters behind {@link PoolMetrics}; cheap to update from many threads. */
final class PoolStats {

    private static final long[] BOUNDS_MICROS = {100, 250, 500, 1_000, 2_500, 5_000, 10_000, 25_000, 50_000,
            100_000, 250_000, 500_000, 1_000_000, 2_500_000, 10_000_000};

    final AtomicInteger inFlight = new AtomicInteger();
    final LongAdder completed = new LongAdder();
    final LongAdder rejected = new LongAdder();
    final LongAdder failures = new LongAdder();
    final LongAdder timeouts = new LongAdder();
    final LongAdder signatures = new LongAdder();
    final LongAdder sessionsReopened = new LongAdder();
    private final LongAdder latencyCount = new LongAdder();
    private final LongAdder latencyTotal = new LongAdder();
    private final LongAccumulator latencyMax = new LongAccumulator(Math::max, 0);
    private final LongAdder[] buckets = new LongAdder[BOUNDS_MICROS.length];

    PoolStats() {
        for (int i = 0; i < buckets.length; i++) {
            buckets[i] = new LongAdder();
        }
    }

    void recordLatency(long nanos) {
        latencyCount.increment();
        latencyTotal.add(nanos);
        latencyMax.accumulate(nanos);
        long micros = nanos / 1_000;
        for (int i = 0; i < BOUNDS_MICROS.length; i++) {
            if (micros <= BOUNDS_MICROS[i]) {
                buckets[i].increment();
                return;
            }
        }
    }

    PoolMetrics snapshot(int workers, int queueCapacity, int queueDepth) {
        List<PoolMetrics.LatencyBucket> cumulative = new ArrayList<>(BOUNDS_MICROS.length);
        long running = 0;
        for (int i = 0; i < BOUNDS_MICROS.length; i++) {
            running += buckets[i].sum();
            cumulative.add(new PoolMetrics.LatencyBucket(Duration.ofNanos(BOUNDS_MICROS[i] * 1_000), running));
        }
        return new PoolMetrics(workers, queueCapacity, queueDepth, inFlight.get(), completed.sum(), rejected.sum(),
                failures.sum(), timeouts.sum(), signatures.sum(), sessionsReopened.sum(), latencyCount.sum(),
                latencyTotal.sum(), latencyMax.get(), cumulative);
    }
}
