package io.sigillum.gateway.credential;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.util.UUID;
import reactor.core.publisher.Mono;

/**
 * A short-lived, bounded cache of the credentials a platform may use, for the signing hot path, so a signHash does not
 * read PostgreSQL for the key and certificate. Entries are per platform and credential: a credential is found only
 * through a platform it is linked to, so a foreign platform learns nothing from it. Status changes (lock, disable) reach
 * it within the TTL; authorization never uses it.
 */
public final class CredentialCache {

    private final CredentialRepository repository;
    private final Cache<Key, Credential> cache;

    public CredentialCache(CredentialRepository repository, Duration ttl, long maxSize) {
        this.repository = repository;
        this.cache = Caffeine.newBuilder().expireAfterWrite(ttl).maximumSize(maxSize).build();
    }

    /** The credential if {@code platformId} may use it; empty when it is unknown or not linked to that platform. */
    public Mono<Credential> getLinked(UUID platformId, String credentialId) {
        Key key = new Key(platformId, credentialId);
        Credential cached = cache.getIfPresent(key);
        if (cached != null) {
            return Mono.just(cached);
        }
        return repository.findLinked(credentialId, platformId).doOnNext(credential -> cache.put(key, credential));
    }

    public void evict(String credentialId) {
        cache.asMap().keySet().removeIf(key -> key.credentialId().equals(credentialId));
    }

    private record Key(UUID platformId, String credentialId) {
    }
}
