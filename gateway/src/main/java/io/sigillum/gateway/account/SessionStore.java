package io.sigillum.gateway.account;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Bearer sessions: an opaque random token given to the client once, kept in Redis only as its SHA-256 with a TTL. Losing
 * Redis logs everyone out and loses nothing else, which is what Redis is for here. Each account's sessions are listed
 * too (by those hashes, under the same TTL), so that a new password can end them all.
 */
@Component
public class SessionStore {

    private static final String PREFIX = "sigillum:session:";
    private static final String OF_ACCOUNT = "sigillum:sessions-of:";

    private final ReactiveStringRedisTemplate redis;
    private final OpaqueTokens tokens;
    private final Duration ttl;

    SessionStore(ReactiveStringRedisTemplate redis, OpaqueTokens tokens, AccountsProperties properties) {
        this.redis = redis;
        this.tokens = tokens;
        this.ttl = properties.sessionTtl();
    }

    /** A new session. */
    public record Session(String token, Instant expiresAt) {
    }

    public Mono<Session> open(CurrentAccount account) {
        String token = tokens.newToken();
        String value = account.id() + "|" + account.role() + "|" + account.organisationId().map(UUID::toString).orElse("")
                + "|" + account.pointOfSaleId().map(UUID::toString).orElse("");
        String hash = OpaqueTokens.hash(token);
        String ofAccount = OF_ACCOUNT + account.id();
        return redis.opsForSet().add(ofAccount, hash)
                .then(redis.expire(ofAccount, ttl))
                .then(redis.opsForValue().set(PREFIX + hash, value, ttl))
                .thenReturn(new Session(token, Instant.now().plus(ttl)));
    }

    /** Ends every session of an account (its password was changed: whoever held one no longer knows it). */
    public Mono<Void> closeAll(UUID accountId) {
        String ofAccount = OF_ACCOUNT + accountId;
        // one key at a time: the sessions' keys need not live on one node of a cluster
        return redis.opsForSet().members(ofAccount)
                .concatMap(hash -> redis.delete(PREFIX + hash))
                .then(redis.delete(ofAccount))
                .then();
    }

    public Mono<CurrentAccount> find(String token) {
        return redis.opsForValue().get(key(token)).map(SessionStore::parse);
    }

    public Mono<Void> close(String token) {
        return redis.delete(key(token)).then();
    }

    private static String key(String token) {
        return PREFIX + OpaqueTokens.hash(token);
    }

    private static CurrentAccount parse(String value) {
        String[] parts = value.split("\\|", -1);
        return new CurrentAccount(UUID.fromString(parts[0]), Role.valueOf(parts[1]), optionalId(parts[2]),
                optionalId(parts[3]));
    }

    private static Optional<UUID> optionalId(String value) {
        return value.isEmpty() ? Optional.empty() : Optional.of(UUID.fromString(value));
    }
}
