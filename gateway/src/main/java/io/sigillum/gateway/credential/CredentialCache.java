package io.sigillum.gateway.credential;

import com.github.benmanes.caffeine.cache.AsyncLoadingCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import reactor.core.publisher.Mono;

/**
 * A short-lived, bounded cache of the credentials a platform may use, for the signing hot path, so a signHash does not
 * read PostgreSQL for the key and certificate. Entries are per platform and credential: a credential is found only
 * through a platform it is linked to, so a foreign platform learns nothing from it. Status changes (lock, disable) reach
 * it within the TTL; authorization never uses it.
 *
 * <p>One read per entry at a time: the requests that miss together share one query, and an entry in use is read again
 * in the background once half its TTL has passed (the requests meanwhile keep its value, never older than the TTL).
 * With a plain expiry, every request in flight missed at once when a hot entry expired — under load, 64 queries in the
 * same millisecond, the connection pool growing from 4 to 20 connections on the hot path, and a stall of the whole
 * gateway of up to a second (benchmarks/RESULTS.md).
 */
public final class CredentialCache {

    private final AsyncLoadingCache<Key, Credential> cache;

    /**
     * @param readDeadline how long one read may take: the requests waiting for it share it, so it has a deadline of its
     *        own (a read that never ends would otherwise hold the entry for good)
     */
    public CredentialCache(CredentialRepository repository, Duration ttl, long maxSize, Duration readDeadline) {
        this(repository, ttl, maxSize, readDeadline, Ticker.systemTicker());
    }

    CredentialCache(CredentialRepository repository, Duration ttl, long maxSize, Duration readDeadline, Ticker ticker) {
        // an empty answer completes the load with null, which caches nothing: an unknown credential is asked for again;
        // a failed or timed-out one is not kept either, so the next request reads again
        this.cache = Caffeine.newBuilder().ticker(ticker).expireAfterWrite(ttl).refreshAfterWrite(ttl.dividedBy(2)).maximumSize(maxSize)
                .buildAsync((key, executor) -> repository.findLinked(key.credentialId(), key.platformId())
                        .timeout(readDeadline).toFuture());
    }

    /** The credential if {@code platformId} may use it; empty when it is unknown or not linked to that platform. */
    public Mono<Credential> getLinked(UUID platformId, String credentialId) {
        Key key = new Key(platformId, credentialId);
        CompletableFuture<Credential> credential = cache.get(key);
        if (credential.isCompletedExceptionally()) {
            // Caffeine drops a failed read in a callback of its own, which may run after the waiters have seen the
            // failure: a request in that instant reads again rather than share a failure that is already over
            cache.asMap().remove(key, credential);
            credential = cache.get(key);
        }
        if (credential.isDone() && !credential.isCompletedExceptionally()) {
            return Mono.justOrEmpty(credential.join());
        }
        // shared with the other requests waiting for the same read: one of them going away must not cancel it
        return Mono.fromFuture(credential, true);
    }

    public void evict(String credentialId) {
        cache.asMap().keySet().removeIf(key -> key.credentialId().equals(credentialId));
    }

    public void evictAll() {
        cache.synchronous().invalidateAll();
    }

    private record Key(UUID platformId, String credentialId) {
    }
}
