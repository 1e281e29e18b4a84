package io.sigillum.gateway.credential;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import reactor.core.publisher.Mono;

/**
 * A short-lived, bounded cache of credentials for the signing hot path, so a signHash does not read PostgreSQL for the
 * key and certificate. Status changes (lock, disable) reach it within the TTL; authorization never uses it.
 */
public final class CredentialCache {

    private final CredentialRepository repository;
    private final Cache<String, Credential> cache;

    public CredentialCache(CredentialRepository repository, Duration ttl, long maxSize) {
        this.repository = repository;
        this.cache = Caffeine.newBuilder().expireAfterWrite(ttl).maximumSize(maxSize).build();
    }

    public Mono<Credential> get(String id) {
        Credential cached = cache.getIfPresent(id);
        if (cached != null) {
            return Mono.just(cached);
        }
        return repository.findById(id).doOnNext(credential -> cache.put(id, credential));
    }

    public void evict(String id) {
        cache.invalidate(id);
    }
}
