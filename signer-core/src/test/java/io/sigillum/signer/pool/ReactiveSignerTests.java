package io.sigillum.signer.pool;

import static org.assertj.core.api.Assertions.assertThat;

import io.sigillum.signer.InvalidInputException;
import io.sigillum.signer.UnknownKeyException;
import io.sigillum.signer.algorithm.DigestAlgorithm;
import io.sigillum.signer.algorithm.KeyAlgorithm;
import io.sigillum.signer.algorithm.SignAlgorithm;
import io.sigillum.signer.algorithm.SignatureScheme;
import io.sigillum.signer.testing.Crypto;
import io.sigillum.signer.token.KeyInfo;
import io.sigillum.signer.token.KeyRef;
import io.sigillum.signer.token.software.SoftwareToken;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.blockhound.BlockHound;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

class ReactiveSignerTests {

    private static final SignatureScheme ECDSA = SignatureScheme.of(SignAlgorithm.ECDSA_SHA256, DigestAlgorithm.SHA256);
    private final SigningPool pool = SigningPool.start(SoftwareToken.inMemory(),
            new PoolSettings(2, 64, Duration.ofSeconds(10), 16));
    private final ReactiveSigner signer = new ReactiveSigner(pool);

    @BeforeAll
    static void installBlockHound() {
        BlockHound.install();
    }

    @AfterEach
    void stop() {
        pool.close();
    }

    @Test
    void signsOnANonBlockingThreadWithoutBlockingIt() {
        KeyRef key = KeyRef.of("reactive");
        byte[] message = "reactive".getBytes(StandardCharsets.UTF_8);
        AtomicReference<KeyInfo> info = new AtomicReference<>();

        Mono<byte[]> flow = signer.generateKey(key, KeyAlgorithm.EC_P256)
                .doOnNext(info::set)
                .then(signer.sign(key, ECDSA, Crypto.hash(DigestAlgorithm.SHA256, message)))
                .subscribeOn(Schedulers.parallel());

        StepVerifier.create(flow)
                .assertNext(signature -> assertThat(Crypto.verify(info.get().publicKey(), ECDSA, message, signature)).isTrue())
                .expectComplete()
                .verify(Duration.ofSeconds(10));
    }

    @Test
    void aBatchArrivesAsOneListInOrder() {
        KeyRef key = KeyRef.of("reactive-batch");
        List<byte[]> digests = List.of(Crypto.hash(DigestAlgorithm.SHA256, new byte[] {1}),
                Crypto.hash(DigestAlgorithm.SHA256, new byte[] {2}));
        StepVerifier.create(signer.generateKey(key, KeyAlgorithm.EC_P256)
                        .flatMap(info -> signer.signAll(key, ECDSA, digests).map(signatures -> List.of(info, signatures)))
                        .subscribeOn(Schedulers.parallel()))
                .assertNext(pair -> {
                    KeyInfo info = (KeyInfo) pair.get(0);
                    @SuppressWarnings("unchecked")
                    List<byte[]> signatures = (List<byte[]>) pair.get(1);
                    assertThat(Crypto.verify(info.publicKey(), ECDSA, new byte[] {1}, signatures.get(0))).isTrue();
                    assertThat(Crypto.verify(info.publicKey(), ECDSA, new byte[] {2}, signatures.get(1))).isTrue();
                })
                .expectComplete()
                .verify(Duration.ofSeconds(10));
    }

    @Test
    void errorsArriveAsTheSignerHierarchy() {
        StepVerifier.create(signer.sign(KeyRef.of("missing"), ECDSA, new byte[32]))
                .expectError(UnknownKeyException.class)
                .verify(Duration.ofSeconds(10));
        StepVerifier.create(signer.sign(KeyRef.of("missing"), ECDSA, new byte[3]))
                .expectError(InvalidInputException.class)
                .verify(Duration.ofSeconds(10));
    }

    @Test
    void nothingIsSubmittedUntilSubscription() {
        long before = pool.metrics().completed() + pool.metrics().failures();
        Mono<byte[]> notYet = signer.sign(KeyRef.of("lazy"), ECDSA, new byte[32]);
        assertThat(pool.metrics().completed() + pool.metrics().failures()).isEqualTo(before);
        StepVerifier.create(notYet).expectError(UnknownKeyException.class).verify(Duration.ofSeconds(10));
    }
}
