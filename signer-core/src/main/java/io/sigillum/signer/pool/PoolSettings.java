package io.sigillum.signer.pool;

import io.sigillum.signer.InvalidInputException;
import io.sigillum.signer.token.SigningToken;

import java.time.Duration;

/**
 * Sizing of a {@link SigningPool}: worker threads, queue slots in front of them, the longest any operation may take
 * from submission to result, and how many key handles stay cached.
 */
public record PoolSettings(int workers, int queueCapacity, Duration operationTimeout, int keyCacheSize) {

    private static final int MAX_WORKERS = 256;
    private static final int QUEUE_SLOTS_PER_WORKER = 128;

    public PoolSettings {
        if (workers < 1 || workers > MAX_WORKERS) {
            throw new InvalidInputException("workers must be 1.." + MAX_WORKERS + ", was " + workers);
        }
        if (queueCapacity < 1) {
            throw new InvalidInputException("queueCapacity must be positive, was " + queueCapacity);
        }
        if (operationTimeout.isNegative() || operationTimeout.isZero()) {
            throw new InvalidInputException("operationTimeout must be positive, was " + operationTimeout);
        }
        if (keyCacheSize < 1) {
            throw new InvalidInputException("keyCacheSize must be positive, was " + keyCacheSize);
        }
    }

    /** The token's recommended worker count, 128 queue slots per worker, 10 s timeout, 1024 cached keys. */
    public static PoolSettings defaults(SigningToken token) {
        int workers = Math.clamp(token.recommendedWorkers(), 1, MAX_WORKERS);
        return new PoolSettings(workers, workers * QUEUE_SLOTS_PER_WORKER, Duration.ofSeconds(10), 1024);
    }

    public PoolSettings withWorkers(int newWorkers) {
        return new PoolSettings(newWorkers, queueCapacity, operationTimeout, keyCacheSize);
    }

    public PoolSettings withQueueCapacity(int newQueueCapacity) {
        return new PoolSettings(workers, newQueueCapacity, operationTimeout, keyCacheSize);
    }

    public PoolSettings withOperationTimeout(Duration newTimeout) {
        return new PoolSettings(workers, queueCapacity, newTimeout, keyCacheSize);
    }

    public PoolSettings withKeyCacheSize(int newKeyCacheSize) {
        return new PoolSettings(workers, queueCapacity, operationTimeout, newKeyCacheSize);
    }
}
