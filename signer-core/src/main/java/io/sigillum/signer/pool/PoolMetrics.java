package io.sigillum.signer.pool;

import java.time.Duration;
import java.util.List;

/**
 * A snapshot of the pool's counters, free of any metrics library so the gateway can bind them (Micrometer gauges and
 * function counters). Requests are counted once each (a batch is one request); {@code signatures} counts digests.
 *
 * @param latencyBuckets cumulative counts of request latency (submission to completion), Prometheus-style
 */
public record PoolMetrics(int workers, int queueCapacity, int queueDepth, int inFlight, long completed, long rejected,
        long failures, long timeouts, long signatures, long sessionsReopened, long latencyCount,
        long latencyTotalNanos, long latencyMaxNanos, List<LatencyBucket> latencyBuckets) {

    /** Requests whose latency was at most {@code upperBound}. */
    public record LatencyBucket(Duration upperBound, long count) {
    }

    public PoolMetrics {
        latencyBuckets = List.copyOf(latencyBuckets);
    }

    /** Mean latency of completed and failed requests, zero before the first. */
    public Duration meanLatency() {
        return latencyCount == 0 ? Duration.ZERO : Duration.ofNanos(latencyTotalNanos / latencyCount);
    }
}
