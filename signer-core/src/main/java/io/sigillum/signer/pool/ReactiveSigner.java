package io.sigillum.signer.pool;

import io.sigillum.signer.algorithm.KeyAlgorithm;
import io.sigillum.signer.algorithm.SignatureScheme;
import io.sigillum.signer.token.KeyInfo;
import io.sigillum.signer.token.KeyRef;

import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * The Reactor face of a {@link SigningPool}. Nothing here blocks: each call is submitted when subscribed and its result
 * is signalled from the pool worker that produced it (or on {@code deliverOn} when given); cancelling the subscription
 * cancels the request, and a request still queued is then skipped.
 */
public final class ReactiveSigner {

    private final SigningPool pool;
    private final Optional<Scheduler> deliverOn;

    public ReactiveSigner(SigningPool pool) {
        this(pool, Optional.empty());
    }

    /** Results are published on {@code deliverOn}, keeping downstream work off the signing workers. */
    public ReactiveSigner(SigningPool pool, Scheduler deliverOn) {
        this(pool, Optional.of(deliverOn));
    }

    private ReactiveSigner(SigningPool pool, Optional<Scheduler> deliverOn) {
        this.pool = pool;
        this.deliverOn = deliverOn;
    }

    public Mono<byte[]> sign(KeyRef key, SignatureScheme scheme, byte[] digest) {
        return mono(() -> pool.sign(key, scheme, digest));
    }

    public Mono<List<byte[]>> signAll(KeyRef key, SignatureScheme scheme, List<byte[]> digests) {
        return mono(() -> pool.signAll(key, scheme, digests));
    }

    public Mono<KeyInfo> generateKey(KeyRef key, KeyAlgorithm algorithm) {
        return mono(() -> pool.generateKey(key, algorithm));
    }

    public Mono<KeyInfo> keyInfo(KeyRef key) {
        return mono(() -> pool.keyInfo(key));
    }

    public Mono<List<X509Certificate>> certificateChain(KeyRef key) {
        return mono(() -> pool.certificateChain(key));
    }

    public Mono<Void> storeCertificateChain(KeyRef key, List<X509Certificate> chain) {
        return mono(() -> pool.storeCertificateChain(key, chain));
    }

    public Mono<Void> deleteKey(KeyRef key) {
        return mono(() -> pool.deleteKey(key));
    }

    public SigningPool pool() {
        return pool;
    }

    private <T> Mono<T> mono(Supplier<CompletableFuture<T>> call) {
        Mono<T> mono = Mono.fromFuture(call);
        return deliverOn.map(mono::publishOn).orElse(mono);
    }
}
