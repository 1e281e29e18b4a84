package io.sigillum.signer.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sigillum.signer.InvalidInputException;
import io.sigillum.signer.PoolSaturatedException;
import io.sigillum.signer.TokenUnavailableException;
import io.sigillum.signer.algorithm.DigestAlgorithm;
import io.sigillum.signer.algorithm.KeyAlgorithm;
import io.sigillum.signer.algorithm.SignAlgorithm;
import io.sigillum.signer.algorithm.SignatureScheme;
import io.sigillum.signer.testing.Crypto;
import io.sigillum.signer.token.KeyRef;
import io.sigillum.signer.token.software.SoftwareToken;

import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SigningPoolTests {

    private static final KeyRef KEY = KeyRef.of("pool-key");
    private static final SignatureScheme ECDSA = SignatureScheme.of(SignAlgorithm.ECDSA_SHA256, DigestAlgorithm.SHA256);

    private final ScriptedToken token = new ScriptedToken(SoftwareToken.inMemory());
    private SigningPool pool;
    private PublicKey publicKey;

    @BeforeEach
    void start() throws Exception {
        pool = startPool(new PoolSettings(2, 8, Duration.ofSeconds(10), 16), SigningPool.defaultBreakerConfig());
    }

    private SigningPool startPool(PoolSettings settings, CircuitBreakerConfig breaker) throws Exception {
        SigningPool started = SigningPool.start(token, settings, breaker);
        if (publicKey == null) {
            publicKey = started.generateKey(KEY, KeyAlgorithm.EC_P256).get(10, TimeUnit.SECONDS).publicKey();
        }
        return started;
    }

    @AfterEach
    void stop() {
        token.gate.countDown();
        pool.close();
    }

    @Test
    void aFullQueueRefusesImmediately() throws Exception {
        pool.close();
        pool = startPool(new PoolSettings(1, 2, Duration.ofSeconds(10), 16), SigningPool.defaultBreakerConfig());
        token.gate = new CountDownLatch(1);
        CompletableFuture<byte[]> running = pool.sign(KEY, ECDSA, digest("running"));
        assertThat(token.arrivedAtGate.await(5, TimeUnit.SECONDS)).isTrue();
        List<CompletableFuture<byte[]>> queued = List.of(pool.sign(KEY, ECDSA, digest("q1")),
                pool.sign(KEY, ECDSA, digest("q2")));

        CompletableFuture<byte[]> refused = pool.sign(KEY, ECDSA, digest("one too many"));

        // refused at once: the answer is already there when the call returns, with the worker still busy
        assertThat(refused).isCompletedExceptionally();
        assertThatThrownBy(refused::join).hasCauseInstanceOf(PoolSaturatedException.class);
        assertThat(pool.metrics().rejected()).isEqualTo(1);
        assertThat(pool.metrics().queueDepth()).isEqualTo(2);

        token.gate.countDown();
        assertThat(Crypto.verify(publicKey, ECDSA, "running".getBytes(StandardCharsets.UTF_8), running.get(5, TimeUnit.SECONDS))).isTrue();
        for (CompletableFuture<byte[]> f : queued) {
            assertThat(f.get(5, TimeUnit.SECONDS)).isNotEmpty();
        }
    }

    @Test
    void aKeyReplacedUnderTheSameNameIsNeverSignedWithAgain() throws Exception {
        List<String> documents = List.of("one", "two", "three", "four");
        List<byte[]> digests = documents.stream().map(SigningPoolTests::digest).toList();
        // every worker has used (and remembers) the first key
        for (byte[] signature : pool.signAll(KEY, ECDSA, digests).get(5, TimeUnit.SECONDS)) {
            assertThat(signature).isNotEmpty();
        }

        pool.deleteKey(KEY).get(10, TimeUnit.SECONDS);
        PublicKey replaced = pool.generateKey(KEY, KeyAlgorithm.EC_P256).get(10, TimeUnit.SECONDS).publicKey();
        List<byte[]> after = pool.signAll(KEY, ECDSA, digests).get(5, TimeUnit.SECONDS);

        assertThat(replaced).isNotEqualTo(publicKey);
        for (int i = 0; i < documents.size(); i++) {
            byte[] document = documents.get(i).getBytes(StandardCharsets.UTF_8);
            assertThat(Crypto.verify(replaced, ECDSA, document, after.get(i))).isTrue();
            assertThat(Crypto.verify(publicKey, ECDSA, document, after.get(i))).isFalse();
        }
    }

    @Test
    void aBrokenSessionIsReplacedAndTheSignatureStillSucceeds() throws Exception {
        pool.close();
        // one worker, so the session count is not blurred by a second worker opening its first session lazily
        pool = startPool(new PoolSettings(1, 8, Duration.ofSeconds(10), 16), SigningPool.defaultBreakerConfig());
        sign("warm up");
        int sessionsBefore = token.sessionsOpened.get();
        token.breakNext(1);

        byte[] signature = sign("after a break");

        assertThat(Crypto.verify(publicKey, ECDSA, "after a break".getBytes(StandardCharsets.UTF_8), signature)).isTrue();
        assertThat(token.sessionsOpened.get()).isEqualTo(sessionsBefore + 1);
        assertThat(pool.metrics().sessionsReopened()).isEqualTo(1);
        assertThat(pool.health().up()).isTrue();
        for (int i = 0; i < 20; i++) {
            assertThat(Crypto.verify(publicKey, ECDSA, ("later " + i).getBytes(StandardCharsets.UTF_8), sign("later " + i))).isTrue();
        }
    }

    @Test
    void aTokenThatKeepsFailingOpensTheBreakerAndHealthGoesDownUntilItRecovers() throws Exception {
        pool.close();
        CircuitBreakerConfig quick = CircuitBreakerConfig.from(SigningPool.defaultBreakerConfig())
                // long enough that the refusal below still meets it open on a loaded machine
                .waitDurationInOpenState(Duration.ofSeconds(2)).build();
        pool = startPool(new PoolSettings(2, 8, Duration.ofSeconds(10), 16), quick);
        token.breakEverything();

        for (int i = 0; i < 10; i++) {
            assertThatThrownBy(() -> sign("doomed")).isInstanceOf(TokenUnavailableException.class);
        }

        TokenHealth health = pool.health();
        assertThat(health.up()).isFalse();
        assertThat(health.circuitState()).isEqualTo("OPEN");
        assertThat(health.provider()).isEqualTo(token.signingProvider());
        int callsWhileOpen = token.signCalls.get();
        assertThatThrownBy(() -> sign("refused fast")).isInstanceOf(TokenUnavailableException.class)
                .hasMessageContaining("circuit breaker");
        assertThat(token.signCalls.get()).isEqualTo(callsWhileOpen);

        token.heal();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!"HALF_OPEN".equals(pool.health().circuitState()) && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        for (int i = 0; i < 3; i++) {
            sign("trial " + i);
        }
        assertThat(pool.health().up()).isTrue();
        assertThat(pool.health().circuitState()).isEqualTo("CLOSED");
    }

    @Test
    void aDigestOfTheWrongLengthNeverReachesTheToken() {
        int before = token.signCalls.get();
        CompletableFuture<byte[]> result = pool.sign(KEY, ECDSA, new byte[31]);
        assertThat(result).isCompletedExceptionally();
        assertThatThrownBy(result::join).hasCauseInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> pool.signAll(KEY, ECDSA, List.of(new byte[32], new byte[33])).join())
                .hasCauseInstanceOf(InvalidInputException.class).hasMessageContaining("digest 1");
        assertThat(token.signCalls.get()).isEqualTo(before);
    }

    @Test
    void aBatchIsSpreadOverTheWorkersAndReturnedInInputOrder() throws Exception {
        List<byte[]> digests = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            digests.add(digest("item " + i));
        }
        List<byte[]> signatures = pool.signAll(KEY, ECDSA, digests).get(10, TimeUnit.SECONDS);
        for (int i = 0; i < 40; i++) {
            assertThat(Crypto.verify(publicKey, ECDSA, ("item " + i).getBytes(StandardCharsets.UTF_8), signatures.get(i)))
                    .as("item %d", i).isTrue();
        }
        assertThat(pool.metrics().signatures()).isGreaterThanOrEqualTo(40);
    }

    @Test
    void oneFailingDigestFailsTheWholeBatchNamingItsIndex() {
        token.breakEverything();
        List<byte[]> digests = List.of(digest("a"), digest("b"), digest("c"));
        assertThatThrownBy(() -> pool.signAll(KEY, ECDSA, digests).get(10, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class).cause().isInstanceOf(TokenUnavailableException.class)
                .hasMessageMatching("digest [0-2]: .*");
    }

    @Test
    void keysAreLoadedOnceAndThenServedFromTheCache() throws Exception {
        for (int i = 0; i < 50; i++) {
            sign("cached " + i);
        }
        assertThat(token.keyLoads.get()).isEqualTo(1);
    }

    @Test
    void anOperationThatTakesTooLongTimesOut() throws Exception {
        pool.close();
        pool = startPool(new PoolSettings(1, 4, Duration.ofMillis(200), 16), SigningPool.defaultBreakerConfig());
        token.gate = new CountDownLatch(1);
        CompletableFuture<byte[]> stuck = pool.sign(KEY, ECDSA, digest("stuck"));
        assertThatThrownBy(() -> stuck.get(5, TimeUnit.SECONDS)).cause()
                .isInstanceOf(TokenUnavailableException.class).hasMessageContaining("timed out");
        assertThat(pool.metrics().timeouts()).isEqualTo(1);
    }

    @Test
    void metricsCountRequestsAndLatency() throws Exception {
        for (int i = 0; i < 5; i++) {
            sign("m" + i);
        }
        // a caller is released before the pool's own completion callback has counted the request
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        while (pool.metrics().completed() < 6 && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        PoolMetrics metrics = pool.metrics();
        assertThat(metrics.completed()).isGreaterThanOrEqualTo(6);
        assertThat(metrics.failures()).isZero();
        assertThat(metrics.latencyCount()).isEqualTo(metrics.completed());
        assertThat(metrics.meanLatency()).isPositive();
        assertThat(metrics.latencyBuckets().getLast().count()).isLessThanOrEqualTo(metrics.latencyCount());
        assertThat(metrics.workers()).isEqualTo(2);
        assertThat(metrics.inFlight()).isZero();
    }

    @Test
    void aClosedPoolRefusesWorkAndReportsDown() {
        pool.close();
        assertThatThrownBy(() -> pool.sign(KEY, ECDSA, digest("late")).join())
                .hasCauseInstanceOf(TokenUnavailableException.class);
        assertThat(pool.health().up()).isFalse();
    }

    private byte[] sign(String message) throws Exception {
        try {
            return pool.sign(KEY, ECDSA, digest(message)).get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw (Exception) e.getCause();
        }
    }

    private static byte[] digest(String message) {
        return Crypto.hash(DigestAlgorithm.SHA256, message.getBytes(StandardCharsets.UTF_8));
    }
}
