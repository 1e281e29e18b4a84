package io.sigillum.signer.pool;

import io.sigillum.signer.InvalidInputException;
import io.sigillum.signer.token.SigningToken;

import java.time.Duration;

/**
 * Sizing of a {@link SigningPool}: worker threads, queue slots in front of them, the longest any operation may take
 * from submission to result, how many key handles stay cached, and the most EC signatures of one request signed on the
 * caller's thread when the token signs in process (0: always on the workers).
 */
public record PoolSettings(int workers, int queueCapacity, Duration operationTimeout, int keyCacheSize,
        int inlineSignatures) {

    private static final int MAX_WORKERS = 256;
    private static final int QUEUE_SLOTS_PER_WORKER = 128;
    /** ~15-20 µs each with ACCP's P-256: a few fit in the time a hand-off to a worker and back costs. */
    private static final int DEFAULT_INLINE_SIGNATURES = 4;
    private static final int MAX_INLINE_SIGNATURES = 16;

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
        if (inlineSignatures < 0 || inlineSignatures > MAX_INLINE_SIGNATURES) {
            throw new InvalidInputException("inlineSignatures must be 0.." + MAX_INLINE_SIGNATURES + ", was "
                    + inlineSignatures);
        }
    }

    /** Every signature on the workers. */
    public PoolSettings(int workers, int queueCapacity, Duration operationTimeout, int keyCacheSize) {
        this(workers, queueCapacity, operationTimeout, keyCacheSize, 0);
    }

    /**
     * The token's recommended worker count, 128 queue slots per worker, 10 s timeout, 1024 cached keys, up to
     * {@value #DEFAULT_INLINE_SIGNATURES} signatures inline.
     */
    public static PoolSettings defaults(SigningToken token) {
        int workers = Math.clamp(token.recommendedWorkers(), 1, MAX_WORKERS);
        return new PoolSettings(workers, workers * QUEUE_SLOTS_PER_WORKER, Duration.ofSeconds(10), 1024,
                DEFAULT_INLINE_SIGNATURES);
    }

    public PoolSettings withWorkers(int newWorkers) {
        return new PoolSettings(newWorkers, queueCapacity, operationTimeout, keyCacheSize, inlineSignatures);
    }

    public PoolSettings withQueueCapacity(int newQueueCapacity) {
        return new PoolSettings(workers, newQueueCapacity, operationTimeout, keyCacheSize, inlineSignatures);
    }

    public PoolSettings withOperationTimeout(Duration newTimeout) {
        return new PoolSettings(workers, queueCapacity, newTimeout, keyCacheSize, inlineSignatures);
    }

    public PoolSettings withKeyCacheSize(int newKeyCacheSize) {
        return new PoolSettings(workers, queueCapacity, operationTimeout, newKeyCacheSize, inlineSignatures);
    }

    public PoolSettings withInlineSignatures(int newInlineSignatures) {
        return new PoolSettings(workers, queueCapacity, operationTimeout, keyCacheSize, newInlineSignatures);
    }
}
