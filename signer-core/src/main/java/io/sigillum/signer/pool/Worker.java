package io.sigillum.signer.pool;

import io.sigillum.signer.SignerException;
import io.sigillum.signer.TokenUnavailableException;
import io.sigillum.signer.token.KeyHandle;
import io.sigillum.signer.token.KeyRef;
import io.sigillum.signer.token.SigningToken;
import io.sigillum.signer.token.TokenSession;

import java.security.ProviderException;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One pool worker: owns one token session and runs tasks on it, either as a platform thread draining the pool's queue
 * or, for a token that signs in process, lent to a caller's thread for one small task. When the token fails, the worker
 * throws its session away and opens a new one; reads and signatures are retried once on the fresh session.
 */
final class Worker {

    private static final Logger log = LoggerFactory.getLogger(Worker.class);
    private static final long POLL_MILLIS = 100;

    private final SigningToken token;
    private final KeyHandleCache keys;
    private final CircuitBreaker breaker;
    private final PoolStats stats;
    private volatile boolean running = true;
    private @Nullable TokenSession session;
    /** The key this worker used last and the cache's generation when it was read: a batch looks its key up once. */
    private @Nullable KeyHandle lastKey;
    private long lastKeyGeneration;

    Worker(SigningToken token, KeyHandleCache keys, CircuitBreaker breaker, PoolStats stats) {
        this.token = token;
        this.keys = keys;
        this.breaker = breaker;
        this.stats = stats;
    }

    /** Runs the tasks of {@code queue} on the calling thread until {@link #stop()}, then closes the session. */
    void drain(BlockingQueue<Task> queue) {
        try {
            while (running) {
                Task task = queue.poll(POLL_MILLIS, TimeUnit.MILLISECONDS);
                if (task != null) {
                    execute(task);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            closeSession();
        }
    }

    void stop() {
        running = false;
    }

    /** Closes the session; the worker must not be in use by any thread. */
    void close() {
        closeSession();
    }

    /**
     * The handle for {@code ref}: the one this worker used last if no key was invalidated since, else from the shared
     * cache or (on a miss) from the token.
     */
    KeyHandle key(KeyRef ref) {
        long generation = keys.generation();
        KeyHandle last = lastKey;
        if (last != null && generation == lastKeyGeneration && last.ref().equals(ref)) {
            return last;
        }
        KeyHandle handle = keys.get(ref);
        if (handle == null) {
            handle = session().loadKey(ref);
            keys.put(handle, generation);
        }
        lastKey = handle;
        lastKeyGeneration = generation;
        return handle;
    }

    /** Runs {@code operation} on this worker's session; on a token failure reopens the session and tries once more. */
    <T> T retrying(KeyRef ref, Function<TokenSession, T> operation) {
        try {
            return operation.apply(session());
        } catch (TokenUnavailableException | ProviderException first) {
            log.warn("token operation failed, reopening the session and retrying once: {}", first.getMessage());
            recover(ref);
            try {
                return operation.apply(session());
            } catch (TokenUnavailableException second) {
                recover(ref);
                throw second;
            } catch (ProviderException second) {
                recover(ref);
                throw new TokenUnavailableException("token operation failed: " + second.getMessage(), second);
            }
        }
    }

    /** Runs a non-idempotent {@code operation}; on a token failure reopens the session but does not retry. */
    <T> T once(KeyRef ref, Function<TokenSession, T> operation) {
        try {
            return operation.apply(session());
        } catch (TokenUnavailableException e) {
            recover(ref);
            throw e;
        } catch (ProviderException e) {
            recover(ref);
            throw new TokenUnavailableException("token operation failed: " + e.getMessage(), e);
        }
    }

    /** Runs one task on the calling thread: skipped if abandoned, failed if past its deadline or the breaker is open. */
    void execute(Task task) {
        if (task.abandoned()) {
            return;
        }
        if (System.nanoTime() - task.deadlineNanos() > 0) {
            task.fail(new TokenUnavailableException("timed out waiting in the signing queue"));
            return;
        }
        if (!breaker.tryAcquirePermission()) {
            task.fail(new TokenUnavailableException("token circuit breaker is " + breaker.getState()));
            return;
        }
        stats.inFlight.incrementAndGet();
        long start = System.nanoTime();
        Runnable publish;
        try {
            publish = task.body().apply(this);
            breaker.onSuccess(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        } catch (SignerException e) {
            breaker.onError(System.nanoTime() - start, TimeUnit.NANOSECONDS, e);
            publish = () -> task.fail(e);
        } catch (RuntimeException e) {
            TokenUnavailableException wrapped = new TokenUnavailableException("token operation failed: " + e, e);
            breaker.onError(System.nanoTime() - start, TimeUnit.NANOSECONDS, wrapped);
            publish = () -> task.fail(wrapped);
        } finally {
            stats.inFlight.decrementAndGet();
        }
        // Results are published only after the breaker and the in-flight gauge saw the outcome, so a caller that
        // reacts to its result observes metrics and health that already include it.
        publish.run();
    }

    private TokenSession session() {
        TokenSession current = session;
        if (current == null) {
            current = token.openSession();
            session = current;
        }
        return current;
    }

    private void recover(KeyRef ref) {
        keys.invalidate(ref);
        closeSession();
        stats.sessionsReopened.increment();
    }

    private void closeSession() {
        TokenSession current = session;
        session = null;
        lastKey = null;
        if (current != null) {
            try {
                current.close();
            } catch (RuntimeException e) {
                log.debug("closing a broken session failed", e);
            }
        }
    }
}
