package io.sigillum.gateway.revocation;

import io.sigillum.gateway.credential.CredentialCache;
import io.sigillum.gateway.credential.CredentialChanges;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

/**
 * Tells every instance at once that a credential changed (Redis pub/sub): its certificate's state, or an unlock or a PIN
 * set. Each drops the credential from its signing cache and its reused OCSP answers. So a revoked credential stops
 * signing on all instances, not only on the one that revoked it, and an unlocked one signs on all of them at once. Each
 * time it starts listening (at start, and again after Redis was away) it forgets everything, since what was told
 * meanwhile did not reach it; a message lost otherwise costs at most the cache's TTL
 * ({@code sigillum.csc.credential-cache-ttl}) on that instance, the bound that held before.
 */
@Component
class RevocationBroadcast implements SmartLifecycle, CredentialChanges {

    static final String CHANNEL = "sigillum:certificate-status";
    private static final Logger log = LoggerFactory.getLogger(RevocationBroadcast.class);

    private final ReactiveStringRedisTemplate redis;
    private final CredentialCache cache;
    private final OcspResponder ocsp;
    private volatile Disposable subscription = Disposables.disposed();

    RevocationBroadcast(ReactiveStringRedisTemplate redis, CredentialCache cache, OcspResponder ocsp) {
        this.redis = redis;
        this.cache = cache;
        this.ocsp = ocsp;
    }

    /** Forgets the credential here at once, then tells the other instances; a failed publish is logged, not fatal. */
    @Override
    public Mono<Void> changed(String credentialId) {
        forget(credentialId);
        return redis.convertAndSend(CHANNEL, credentialId).then()
                .onErrorResume(failure -> {
                    log.warn("Could not tell other instances that {} changed: {}", credentialId, failure.toString());
                    return Mono.empty();
                });
    }

    private void forget(String credentialId) {
        cache.evict(credentialId);
        ocsp.forget();
    }

    private void forgetAll() {
        cache.evictAll();
        ocsp.forget();
    }

    @Override
    public void start() {
        subscription = redis.listenToChannelLater(CHANNEL)
                // what was told while this instance was not listening (before its first subscription, or while Redis
                // was away) is lost: once listening, it forgets everything it may have cached meanwhile
                .doOnNext(listening -> forgetAll())
                .flatMapMany(messages -> messages)
                .doOnNext(message -> forget(message.getMessage()))
                .retryWhen(Retry.backoff(Long.MAX_VALUE, Duration.ofSeconds(1)).maxBackoff(Duration.ofSeconds(30))
                        .doBeforeRetry(signal -> log.warn("Certificate status channel lost; resubscribing: {}",
                                signal.failure().toString())))
                .subscribe();
    }

    @Override
    public void stop() {
        subscription.dispose();
    }

    @Override
    public boolean isRunning() {
        return !subscription.isDisposed();
    }
}
