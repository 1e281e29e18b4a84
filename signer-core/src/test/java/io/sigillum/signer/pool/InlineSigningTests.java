package io.sigillum.signer.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Small EC requests on a token that signs in process: signed on the caller's thread, under the pool's rules. */
class InlineSigningTests {

    private static final KeyRef KEY = KeyRef.of("inline-key");
    private static final SignatureScheme ECDSA = SignatureScheme.of(SignAlgorithm.ECDSA_SHA256, DigestAlgorithm.SHA256);
    private static final PoolSettings SETTINGS = new PoolSettings(2, 8, Duration.ofSeconds(10), 16, 4);

    private final ScriptedToken token = new ScriptedToken(SoftwareToken.inMemory());
    private SigningPool pool;
    private PublicKey publicKey;

    @BeforeEach
    void start() throws Exception {
        token.inProcess = true;
        pool = SigningPool.start(token, SETTINGS);
        publicKey = pool.generateKey(KEY, KeyAlgorithm.EC_P256).get(10, TimeUnit.SECONDS).publicKey();
    }

    @AfterEach
    void stop() {
        pool.close();
    }

    @Test
    void aKeyNotYetLoadedIsLoadedAndSignedWithOnAWorkerAndThenInline() throws Exception {
        byte[] first = pool.sign(KEY, ECDSA, digest("first")).get(10, TimeUnit.SECONDS);

        assertThat(token.lastSigner.getName()).startsWith("signer-worker-");
        assertThat(token.keyLoads.get()).isEqualTo(1);
        assertThat(verify("first", first)).isTrue();

        CompletableFuture<byte[]> second = pool.sign(KEY, ECDSA, digest("second"));

        assertThat(second).isCompleted();
        assertThat(token.lastSigner).isSameAs(Thread.currentThread());
        assertThat(token.keyLoads.get()).isEqualTo(1);
        assertThat(verify("second", second.join())).isTrue();
    }

    @Test
    void aSmallEcRequestIsSignedOnTheCallersThreadAndIsCompleteWhenTheCallReturns() throws Exception {
        loadKey();
        CompletableFuture<byte[]> one = pool.sign(KEY, ECDSA, digest("one"));

        assertThat(one).isCompleted();
        assertThat(token.lastSigner).isSameAs(Thread.currentThread());
        assertThat(verify("one", one.join())).isTrue();

        List<String> documents = List.of("a", "b", "c", "d");
        CompletableFuture<List<byte[]>> batch = pool.signAll(KEY, ECDSA, documents.stream().map(InlineSigningTests::digest)
                .toList());

        assertThat(batch).isCompleted();
        assertThat(token.lastSigner).isSameAs(Thread.currentThread());
        for (int i = 0; i < documents.size(); i++) {
            assertThat(verify(documents.get(i), batch.join().get(i))).as("document %d", i).isTrue();
        }
    }

    @Test
    void aLargerBatchGoesToTheWorkers() throws Exception {
        loadKey();
        List<byte[]> five = List.of(digest("1"), digest("2"), digest("3"), digest("4"), digest("5"));

        List<byte[]> signatures = pool.signAll(KEY, ECDSA, five).get(10, TimeUnit.SECONDS);

        assertThat(token.lastSigner.getName()).startsWith("signer-worker-");
        assertThat(verify("5", signatures.get(4))).isTrue();
    }

    @Test
    void aTokenThatDoesNotSignInProcessNeverSignsOnTheCallersThread() throws Exception {
        loadKey();
        token.inProcess = false;

        byte[] signature = pool.sign(KEY, ECDSA, digest("device")).get(10, TimeUnit.SECONDS);

        assertThat(token.lastSigner.getName()).startsWith("signer-worker-");
        assertThat(verify("device", signature)).isTrue();
    }

    @Test
    void anRsaKeyIsSignedOnTheWorkers() throws Exception {
        KeyRef rsaKey = KeyRef.of("inline-rsa");
        PublicKey rsaPublic = pool.generateKey(rsaKey, KeyAlgorithm.RSA_2048).get(30, TimeUnit.SECONDS).publicKey();
        SignatureScheme rsa = SignatureScheme.of(SignAlgorithm.SHA256_WITH_RSA, DigestAlgorithm.SHA256);
        pool.sign(rsaKey, rsa, digest("loads the key")).get(10, TimeUnit.SECONDS);

        byte[] signature = pool.sign(rsaKey, rsa, digest("rsa")).get(10, TimeUnit.SECONDS);

        assertThat(token.lastSigner.getName()).startsWith("signer-worker-");
        assertThat(Crypto.verify(rsaPublic, rsa, "rsa".getBytes(StandardCharsets.UTF_8), signature)).isTrue();
    }

    @Test
    void callersSigningAtOnceNeverShareASession() throws Exception {
        loadKey();
        int callers = 8;
        ExecutorService threads = Executors.newFixedThreadPool(callers);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Boolean>> results = new ArrayList<>();
            for (int c = 0; c < callers; c++) {
                int caller = c;
                results.add(threads.submit(() -> {
                    start.await();
                    boolean allValid = true;
                    for (int i = 0; i < 300; i++) {
                        String document = caller + "/" + i;
                        allValid &= verify(document, pool.sign(KEY, ECDSA, digest(document)).join());
                    }
                    return allValid;
                }));
            }
            start.countDown();
            for (Future<Boolean> result : results) {
                assertThat(result.get(60, TimeUnit.SECONDS)).isTrue();
            }
        } finally {
            threads.shutdownNow();
        }
        assertThat(token.sessionShared).isFalse();
        // one lent session per caller signing at the same moment at most, besides the workers' own
        assertThat(token.sessionsOpened.get()).isLessThanOrEqualTo(callers + SETTINGS.workers());
        assertThat(pool.metrics().signatures()).isGreaterThanOrEqualTo(callers * 300L);
    }

    @Test
    void aBrokenSessionIsReplacedInlineAndTheSignatureStillSucceeds() throws Exception {
        loadKey();
        pool.sign(KEY, ECDSA, digest("warm up")).join();
        token.breakNext(1);

        byte[] signature = pool.sign(KEY, ECDSA, digest("after a break")).join();

        assertThat(verify("after a break", signature)).isTrue();
        assertThat(token.lastSigner).isSameAs(Thread.currentThread());
        assertThat(pool.metrics().sessionsReopened()).isEqualTo(1);
    }

    @Test
    void failuresInlineOpenTheBreakerAndThenNothingReachesTheToken() throws Exception {
        pool.close();
        pool = SigningPool.start(token, SETTINGS, CircuitBreakerConfig.from(SigningPool.defaultBreakerConfig())
                .waitDurationInOpenState(Duration.ofSeconds(30)).build());
        loadKey();
        long failuresBefore = pool.metrics().failures();
        token.breakEverything();

        for (int i = 0; i < 10; i++) {
            assertThatThrownBy(() -> pool.sign(KEY, ECDSA, digest("doomed")).join())
                    .hasCauseInstanceOf(TokenUnavailableException.class);
        }
        int callsWhileOpen = token.signCalls.get();

        CompletableFuture<byte[]> refused = pool.sign(KEY, ECDSA, digest("refused fast"));

        assertThat(refused).isCompletedExceptionally();
        assertThatThrownBy(refused::join).hasCauseInstanceOf(TokenUnavailableException.class)
                .hasMessageContaining("circuit breaker");
        assertThat(token.signCalls.get()).isEqualTo(callsWhileOpen);
        assertThat(pool.health().up()).isFalse();
        assertThat(pool.metrics().failures() - failuresBefore).isEqualTo(11);
    }

    @Test
    void aClosedPoolSignsNothingInline() {
        pool.close();
        int before = token.signCalls.get();

        CompletableFuture<byte[]> late = pool.sign(KEY, ECDSA, digest("late"));

        assertThatThrownBy(late::join).hasCauseInstanceOf(TokenUnavailableException.class).hasMessageContaining("closed");
        assertThat(token.signCalls.get()).isEqualTo(before);
    }

    @Test
    void inlineRequestsAreCountedLikeAnyOther() throws Exception {
        loadKey();
        for (int i = 0; i < 5; i++) {
            pool.sign(KEY, ECDSA, digest("m" + i)).join();
        }
        pool.signAll(KEY, ECDSA, List.of(digest("x"), digest("y"))).join();

        // counted before each call returned: the key generation, the first signature, five more and a batch of two
        PoolMetrics metrics = pool.metrics();
        assertThat(metrics.completed()).isEqualTo(8);
        assertThat(metrics.signatures()).isEqualTo(8);
        assertThat(metrics.latencyCount()).isEqualTo(8);
        assertThat(metrics.inFlight()).isZero();
        assertThat(metrics.failures()).isZero();
    }

    /**
     * Signs once on a worker, which loads the key, and waits until the pool has counted that request (its completion
     * callback may run just after the caller wakes), so what follows is signed inline and counted exactly.
     */
    private void loadKey() throws Exception {
        long before = pool.metrics().completed();
        pool.sign(KEY, ECDSA, digest("loads the key")).get(10, TimeUnit.SECONDS);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (pool.metrics().completed() < before + 1 && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
    }

    private boolean verify(String document, byte[] signature) throws Exception {
        return Crypto.verify(publicKey, ECDSA, document.getBytes(StandardCharsets.UTF_8), signature);
    }

    private static byte[] digest(String message) {
        return Crypto.hash(DigestAlgorithm.SHA256, message.getBytes(StandardCharsets.UTF_8));
    }
}
