package io.sigillum.gateway.account;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import io.sigillum.gateway.web.ApiException;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.http.HttpStatus;
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
    private static final String PASSWORD_CHANGED = "sigillum:password-changed:";

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

    /**
     * A new session for an account whose password was checked from {@code passwordCheckedFrom} on; refused (401) if the
     * password changed since then: a sign-in that raced a password change, checking the old password, must not outlive
     * the change. The session is stored before the change is looked for, and a change is marked before its sessions are
     * ended ({@link #passwordChanged}): one of the two always sees the other.
     */
    public Mono<Session> open(CurrentAccount account, Instant passwordCheckedFrom) {
        return open(account).flatMap(session -> redis.opsForValue().get(PASSWORD_CHANGED + account.id())
                .map(changed -> Long.parseLong(changed) >= passwordCheckedFrom.toEpochMilli())
                .defaultIfEmpty(false)
                .flatMap(outdated -> outdated
                        ? close(session.token()).then(Mono.<Session>error(() -> new ApiException(HttpStatus.UNAUTHORIZED,
                                "invalid_credentials", "The password was changed meanwhile; sign in with the new one")))
                        : Mono.just(session)));
    }

    /** The account's password changed: every session it has ends, and none opened with the old password will last. */
    public Mono<Void> passwordChanged(UUID accountId) {
        return redis.opsForValue().set(PASSWORD_CHANGED + accountId, Long.toString(Instant.now().toEpochMilli()), ttl)
                .then(closeAll(accountId));
    }

    /** Ends every session of an account. */
    private Mono<Void> closeAll(UUID accountId) {
        String ofAccount = OF_ACCOUNT + accountId;
        // one key at a time (the sessions' keys need not live on one node of a cluster), each taken off the list as it
        // goes: a session listed meanwhile stays listed for the next change
        return redis.opsForSet().members(ofAccount)
                .concatMap(hash -> redis.delete(PREFIX + hash).then(redis.opsForSet().remove(ofAccount, hash)))
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
