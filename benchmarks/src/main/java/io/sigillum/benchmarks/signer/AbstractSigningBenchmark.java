package io.sigillum.benchmarks.signer;

import io.sigillum.signer.algorithm.DigestAlgorithm;
import io.sigillum.signer.algorithm.KeyAlgorithm;
import io.sigillum.signer.algorithm.KeyType;
import io.sigillum.signer.algorithm.SignAlgorithm;
import io.sigillum.signer.algorithm.SignatureScheme;
import io.sigillum.signer.pool.PoolSettings;
import io.sigillum.signer.pool.SigningPool;
import io.sigillum.signer.token.KeyHandle;
import io.sigillum.signer.token.KeyRef;
import io.sigillum.signer.token.SigningToken;
import io.sigillum.signer.token.TokenSession;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.Signature;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Signatures per second of one token, three ways, in one run: {@code raw} is the baseline (each JMH thread owns one
 * initialised provider {@link Signature}, no pool); {@code pool} keeps two groups of {@value #WINDOW} single-digest
 * requests in flight per thread (how many concurrent HTTP requests look to the pool, see {@link InFlight}); {@code poolBatch} sends
 * {@value #WINDOW} digests as one {@code signAll} and waits for it; {@code poolOneAtATime} waits for each result before
 * the next request (pure hand-off latency).
 * The pool gets as many workers as JMH has threads, so "pool / raw" compares equal parallelism.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "-Xmx1g"})
// the thread-local below calls newRawSignature only at first use on a benchmark thread, long after construction
@SuppressWarnings("this-escape")
public abstract class AbstractSigningBenchmark {

    static final int WINDOW = 32;

    @Param({"RSA_2048", "EC_P256"})
    public KeyAlgorithm keyAlgorithm;

    SigningToken token;
    SigningPool pool;
    KeyRef key;
    SignatureScheme scheme;
    KeyHandle handle;
    byte[] digest;
    byte[] rawInput;
    List<byte[]> batch;
    private final ThreadLocal<Signature> rawSignatures = ThreadLocal.withInitial(this::newRawSignature);

    /** Opens the token under test. */
    abstract SigningToken openToken();

    /** The baseline: a provider Signature initialised with the key, one per thread. */
    abstract Signature rawSignature(KeyHandle key) throws GeneralSecurityException;

    /** What the baseline signature is fed per operation, given the 32-byte SHA-256 digest. */
    abstract byte[] rawInput(KeyType type, byte[] digest);

    @Setup(Level.Trial)
    public void setUp(BenchmarkParams params) throws Exception {
        prepare(params.getThreads());
    }

    /** Opens the token, starts a pool with {@code workers} workers and generates the key. */
    void prepare(int workers) throws Exception {
        token = openToken();
        pool = SigningPool.start(token, new PoolSettings(workers, 4096, Duration.ofSeconds(30), 64));
        key = KeyRef.of("bench-" + UUID.randomUUID().toString().substring(0, 8));
        pool.generateKey(key, keyAlgorithm).get(60, TimeUnit.SECONDS);
        try (TokenSession session = token.openSession()) {
            handle = session.loadKey(key);
        }
        scheme = keyAlgorithm.keyType() == KeyType.RSA
                ? SignatureScheme.of(SignAlgorithm.SHA256_WITH_RSA, DigestAlgorithm.SHA256)
                : SignatureScheme.of(SignAlgorithm.ECDSA_SHA256, DigestAlgorithm.SHA256);
        digest = MessageDigest.getInstance("SHA-256").digest("benchmark".getBytes(StandardCharsets.UTF_8));
        rawInput = rawInput(keyAlgorithm.keyType(), digest);
        batch = new ArrayList<>();
        for (int i = 0; i < WINDOW; i++) {
            batch.add(digest);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        pool.deleteKey(key).get(30, TimeUnit.SECONDS);
        pool.close();
    }

    @Benchmark
    public byte[] raw() throws GeneralSecurityException {
        Signature signature = rawSignatures.get();
        signature.update(rawInput);
        return signature.sign();
    }

    /**
     * One caller's requests in flight: two groups of {@value #WINDOW} futures. Each operation waits for the older group
     * as a whole and resubmits it while the other group is still queued, so the pool never runs dry (the steady state
     * of a server with many concurrent requests) and the caller wakes once per group rather than once per signature.
     */
    @State(Scope.Thread)
    public static class InFlight {
        @SuppressWarnings({"unchecked", "rawtypes"}) // generic arrays cannot be created; every element holds byte[]
        final CompletableFuture<byte[]>[][] groups = new CompletableFuture[][] {
                new CompletableFuture[WINDOW], new CompletableFuture[WINDOW]};
        int older;

        @TearDown(Level.Iteration)
        public void drain() {
            for (CompletableFuture<byte[]>[] group : groups) {
                for (int i = 0; i < group.length; i++) {
                    if (group[i] != null) {
                        group[i].join();
                        group[i] = null;
                    }
                }
            }
        }
    }

    @Benchmark
    @OperationsPerInvocation(WINDOW)
    public void pool(InFlight inFlight, Blackhole blackhole) {
        CompletableFuture<byte[]>[] group = inFlight.groups[inFlight.older];
        inFlight.older ^= 1;
        if (group[0] != null) {
            CompletableFuture.allOf(group).join();
        }
        for (int i = 0; i < WINDOW; i++) {
            if (group[i] != null) {
                blackhole.consume(group[i].join());
            }
            group[i] = pool.sign(key, scheme, digest);
        }
    }

    @Benchmark
    @OperationsPerInvocation(WINDOW)
    public List<byte[]> poolBatch() {
        return pool.signAll(key, scheme, batch).join();
    }

    @Benchmark
    public byte[] poolOneAtATime() {
        return pool.sign(key, scheme, digest).join();
    }

    private Signature newRawSignature() {
        try {
            return rawSignature(handle);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
