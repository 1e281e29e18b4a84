package io.sigillum.signer.pool;

import io.sigillum.signer.InvalidInputException;
import io.sigillum.signer.PoolSaturatedException;
import io.sigillum.signer.SignerException;
import io.sigillum.signer.TokenUnavailableException;
import io.sigillum.signer.UnknownKeyException;
import io.sigillum.signer.algorithm.KeyAlgorithm;
import io.sigillum.signer.algorithm.KeyType;
import io.sigillum.signer.algorithm.SignatureScheme;
import io.sigillum.signer.token.KeyInfo;
import io.sigillum.signer.token.KeyRef;
import io.sigillum.signer.token.SigningToken;

import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;

/**
 * The signing pool: a fixed set of platform worker threads, each owning its token session, behind a bounded queue.
 * A full queue refuses at once ({@link PoolSaturatedException}); every result arrives within the operation timeout or
 * fails with {@link TokenUnavailableException}; a Resilience4j circuit breaker around the token fails fast while the
 * token is broken. Batches are spread over the workers and reassembled in input order.
 *
 * <p>On a token that {@linkplain SigningToken#signsInProcess() signs in process}, a request of at most
 * {@link PoolSettings#inlineSignatures()} EC signatures with a key already loaded is signed on the caller's thread
 * instead, with a session lent from an idle set: tens of microseconds of computation, less than waking a worker and
 * being woken by it costs (as a TLS server signs its handshakes on its event loops). Loading a key (decrypting it from
 * the key store) stays on the workers. The breaker, the metrics and the closed pool apply alike.
 */
public final class SigningPool implements AutoCloseable {

    private static final Duration SHUTDOWN_WAIT = Duration.ofSeconds(5);

    private final SigningToken token;
    private final PoolSettings settings;
    private final ArrayBlockingQueue<Task> queue;
    private final KeyHandleCache keys;
    private final CircuitBreaker breaker;
    private final PoolStats stats = new PoolStats();
    private final List<Worker> workers = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    /** Workers not bound to a thread, lent to callers for inline signing; the idle ones wait here. */
    private final ConcurrentLinkedDeque<Worker> lendable = new ConcurrentLinkedDeque<>();
    private final DeadlineSweeper deadlines;
    private final long timeoutNanos;
    private volatile boolean closed;

    private SigningPool(SigningToken token, PoolSettings settings, CircuitBreakerConfig breakerConfig) {
        this.token = token;
        this.settings = settings;
        this.queue = new ArrayBlockingQueue<>(settings.queueCapacity());
        this.keys = new KeyHandleCache(settings.keyCacheSize());
        this.breaker = CircuitBreaker.of("signing-token", breakerConfig);
        this.timeoutNanos = settings.operationTimeout().toNanos();
        this.deadlines = new DeadlineSweeper(settings.operationTimeout(), stats.timeouts);
    }

    /** Starts a pool over {@code token} with the default circuit breaker (see {@link #defaultBreakerConfig()}). */
    public static SigningPool start(SigningToken token, PoolSettings settings) {
        return start(token, settings, defaultBreakerConfig());
    }

    /** Starts a pool over {@code token} with a circuit breaker of your own configuration. */
    public static SigningPool start(SigningToken token, PoolSettings settings, CircuitBreakerConfig breakerConfig) {
        SigningPool pool = new SigningPool(token, settings, breakerConfig);
        for (int i = 0; i < settings.workers(); i++) {
            Worker worker = pool.newWorker();
            pool.workers.add(worker);
            pool.threads.add(Thread.ofPlatform().name("signer-worker-" + i).daemon(true)
                    .start(() -> worker.drain(pool.queue)));
        }
        return pool;
    }

    /**
     * Opens after half of the last 20 token calls failed (at least 10 calls), stays open 10 s, then lets 3 trial
     * calls through. Bad input and unknown keys are the caller's fault and do not count.
     */
    public static CircuitBreakerConfig defaultBreakerConfig() {
        return CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(20)
                .minimumNumberOfCalls(10)
                .failureRateThreshold(50)
                .waitDurationInOpenState(Duration.ofSeconds(10))
                .permittedNumberOfCallsInHalfOpenState(3)
                .automaticTransitionFromOpenToHalfOpenEnabled(true)
                .ignoreExceptions(InvalidInputException.class, UnknownKeyException.class, PoolSaturatedException.class)
                .build();
    }

    /** Signs one pre-computed digest. */
    public CompletableFuture<byte[]> sign(KeyRef key, SignatureScheme scheme, byte[] digest) {
        try {
            scheme.checkDigest(digest);
        } catch (InvalidInputException e) {
            return CompletableFuture.failedFuture(e);
        }
        byte[] copy = digest.clone();
        boolean inline = signsInline(key, scheme, 1);
        CompletableFuture<byte[]> result = newRequest(!inline);
        dispatch(result, inline, List.of(new Task(result, System.nanoTime() + timeoutNanos, worker -> {
            byte[] signature = worker.retrying(key, session -> session.sign(worker.key(key), scheme, copy));
            stats.signatures.increment();
            return () -> result.complete(signature);
        })));
        return result;
    }

    /**
     * Signs every digest with one key; results come back in input order. The digests are spread over the workers;
     * if any fails, the whole batch fails with that digest's index in the message.
     */
    public CompletableFuture<List<byte[]>> signAll(KeyRef key, SignatureScheme scheme, List<byte[]> digests) {
        if (digests.isEmpty()) {
            return CompletableFuture.completedFuture(List.of());
        }
        byte[][] inputs = new byte[digests.size()][];
        for (int i = 0; i < inputs.length; i++) {
            try {
                scheme.checkDigest(digests.get(i));
            } catch (InvalidInputException e) {
                return CompletableFuture.failedFuture(new InvalidInputException("digest " + i + ": " + e.getMessage()));
            }
            inputs[i] = digests.get(i).clone();
        }
        boolean inline = signsInline(key, scheme, inputs.length);
        CompletableFuture<List<byte[]>> result = newRequest(!inline);
        byte[][] outputs = new byte[inputs.length][];
        int chunks = inline ? 1 : Math.min(settings.workers(), inputs.length);
        AtomicInteger remaining = new AtomicInteger(chunks);
        List<Task> tasks = new ArrayList<>(chunks);
        long deadline = System.nanoTime() + timeoutNanos;
        for (int c = 0; c < chunks; c++) {
            int from = (int) ((long) c * inputs.length / chunks);
            int to = (int) ((long) (c + 1) * inputs.length / chunks);
            tasks.add(new Task(result, deadline, worker -> {
                int i = from;
                try {
                    for (; i < to && !result.isDone(); i++) {
                        outputs[i] = signAt(worker, key, scheme, inputs[i], i);
                    }
                } finally {
                    stats.signatures.add(i - from);
                }
                return remaining.decrementAndGet() == 0 ? () -> result.complete(Arrays.asList(outputs)) : () -> { };
            }));
        }
        dispatch(result, inline, tasks);
        return result;
    }

    /** Generates a key pair inside the token (non-extractable on PKCS#11) and stores it under {@code key}. */
    public CompletableFuture<KeyInfo> generateKey(KeyRef key, KeyAlgorithm algorithm) {
        return call(key, worker -> {
            try {
                return worker.once(key, session -> session.generateKey(key, algorithm));
            } finally {
                keys.invalidate(key);
            }
        });
    }

    /** The key's algorithm and public key. */
    public CompletableFuture<KeyInfo> keyInfo(KeyRef key) {
        return call(key, worker -> worker.retrying(key, session -> worker.key(key).info()));
    }

    /** The stored certificate chain, end entity first; empty if none was stored yet. */
    public CompletableFuture<List<X509Certificate>> certificateChain(KeyRef key) {
        return call(key, worker -> worker.retrying(key, session -> session.certificateChain(key)));
    }

    /** Replaces the certificate chain stored with the key; the first certificate must hold its public key. */
    public CompletableFuture<Void> storeCertificateChain(KeyRef key, List<X509Certificate> chain) {
        List<X509Certificate> copy = List.copyOf(chain);
        return call(key, worker -> {
            try {
                worker.once(key, session -> {
                    session.storeCertificateChain(key, copy);
                    return Boolean.TRUE;
                });
                return null;
            } finally {
                keys.invalidate(key);
            }
        });
    }

    /** Deletes the key and its certificates from the token. */
    public CompletableFuture<Void> deleteKey(KeyRef key) {
        return call(key, worker -> {
            try {
                worker.once(key, session -> {
                    session.deleteKey(key);
                    return Boolean.TRUE;
                });
                return null;
            } finally {
                keys.invalidate(key);
            }
        });
    }

    public PoolMetrics metrics() {
        return stats.snapshot(settings.workers(), settings.queueCapacity(), queue.size());
    }

    public TokenHealth health() {
        CircuitBreaker.State state = breaker.getState();
        boolean open = state == CircuitBreaker.State.OPEN || state == CircuitBreaker.State.FORCED_OPEN;
        CircuitBreaker.Metrics m = breaker.getMetrics();
        String detail = closed ? "pool closed"
                : "workers=%d queue=%d/%d inFlight=%d recentFailureRate=%s%%".formatted(settings.workers(), queue.size(),
                        settings.queueCapacity(), stats.inFlight.get(),
                        m.getFailureRate() < 0 ? "n/a" : String.valueOf(m.getFailureRate()));
        return new TokenHealth(!closed && !open, token.signingProvider(), token.description(), state.name(), detail);
    }

    public PoolSettings settings() {
        return settings;
    }

    /** The token under this pool (which the pool does not close: whoever opened it does). */
    public SigningToken token() {
        return token;
    }

    /** Stops the workers (waiting up to 5 s for running operations) and fails whatever is still queued. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        workers.forEach(Worker::stop);
        closeLendable();
        long deadline = System.nanoTime() + SHUTDOWN_WAIT.toNanos();
        for (Thread thread : threads) {
            try {
                thread.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        List<Task> leftovers = new ArrayList<>();
        queue.drainTo(leftovers);
        leftovers.forEach(task -> task.fail(new TokenUnavailableException("signing pool closed")));
        deadlines.close();
    }

    private byte[] signAt(Worker worker, KeyRef key, SignatureScheme scheme, byte[] digest, int index) {
        try {
            return worker.retrying(key, session -> session.sign(worker.key(key), scheme, digest));
        } catch (SignerException e) {
            throw indexed(e, index);
        }
    }

    private <T> CompletableFuture<T> call(KeyRef key, Function<Worker, T> operation) {
        CompletableFuture<T> result = newRequest(true);
        enqueueAll(result, List.of(new Task(result, System.nanoTime() + timeoutNanos, worker -> {
            T value = operation.apply(worker);
            return () -> result.complete(value);
        })));
        return result;
    }

    private Worker newWorker() {
        return new Worker(token, keys, breaker, stats);
    }

    /**
     * Whether a signing request may run on the caller's thread: a few EC signatures, on a token that signs in process,
     * with the key already loaded (a key is loaded, rarely, by decrypting it: work for a worker, not a caller).
     */
    private boolean signsInline(KeyRef key, SignatureScheme scheme, int signatures) {
        return signatures <= settings.inlineSignatures() && scheme.keyType() == KeyType.EC && token.signsInProcess()
                && keys.get(key) != null;
    }

    private void dispatch(CompletableFuture<?> result, boolean inline, List<Task> tasks) {
        if (inline) {
            runInline(result, tasks.getFirst());
        } else {
            enqueueAll(result, tasks);
        }
    }

    /** Runs {@code task} on the calling thread with a lent worker; the result is complete when this returns. */
    private void runInline(CompletableFuture<?> result, Task task) {
        if (!admissible(result)) {
            return;
        }
        Worker worker = lendable.pollFirst();
        if (worker == null) {
            worker = newWorker();
        }
        try {
            worker.execute(task);
        } finally {
            lendable.offerFirst(worker);
            if (closed) {
                closeLendable();
            }
        }
    }

    private void closeLendable() {
        for (Worker idle = lendable.pollFirst(); idle != null; idle = lendable.pollFirst()) {
            idle.close();
        }
    }

    /**
     * A request future that counts itself in the metrics and, when {@code watched}, fails by itself once the operation
     * timeout passes (a request signed inline is complete before its caller gets the future).
     */
    private <T> CompletableFuture<T> newRequest(boolean watched) {
        CompletableFuture<T> result = new CompletableFuture<>();
        if (closed) {
            result.completeExceptionally(new TokenUnavailableException("signing pool closed"));
            return result;
        }
        long start = System.nanoTime();
        if (watched) {
            deadlines.register(result, start + timeoutNanos);
        }
        result.whenComplete((value, error) -> {
            stats.recordLatency(System.nanoTime() - start);
            if (error == null) {
                stats.completed.increment();
            } else {
                stats.failures.increment();
            }
        });
        return result;
    }

    private void enqueueAll(CompletableFuture<?> result, List<Task> tasks) {
        if (!admissible(result)) {
            return;
        }
        for (Task task : tasks) {
            if (!queue.offer(task)) {
                stats.rejected.increment();
                result.completeExceptionally(new PoolSaturatedException(
                        "signing queue full (" + settings.queueCapacity() + " waiting); retry later"));
                return;
            }
        }
    }

    /** Whether a new request may start: not already done, the pool open, the breaker not open; else it is failed. */
    private boolean admissible(CompletableFuture<?> result) {
        if (result.isDone()) {
            return false;
        }
        if (closed) {
            result.completeExceptionally(new TokenUnavailableException("signing pool closed"));
            return false;
        }
        if (breaker.getState() == CircuitBreaker.State.OPEN || breaker.getState() == CircuitBreaker.State.FORCED_OPEN) {
            result.completeExceptionally(new TokenUnavailableException("token circuit breaker is open"));
            return false;
        }
        return true;
    }

    private static SignerException indexed(SignerException e, int index) {
        String message = "digest " + index + ": " + e.getMessage();
        return switch (e) {
            case InvalidInputException ignored -> new InvalidInputException(message, e);
            case UnknownKeyException ignored -> new UnknownKeyException(message, e);
            case PoolSaturatedException ignored -> new PoolSaturatedException(message, e);
            case TokenUnavailableException ignored -> new TokenUnavailableException(message, e);
            default -> new SignerException(message, e);
        };
    }
}
