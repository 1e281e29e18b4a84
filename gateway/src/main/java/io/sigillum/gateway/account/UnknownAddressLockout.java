package io.sigillum.gateway.account;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * The account lockout played out for e-mail addresses that have no account, so that signing in cannot tell which
 * addresses are registered: wrong passwords for an unknown address are counted as for an account (in Redis, under the
 * address's SHA-256, for {@link #COUNTED} since the last one), and the one that reaches the limit "locks" it for the
 * same time, with the same answer. Nothing but a count and a lock is kept, and neither names the address.
 */
@Component
class UnknownAddressLockout {

    /** How long wrong passwords for an address with no account are remembered after the last one. */
    static final Duration COUNTED = Duration.ofDays(1);

    private final ReactiveStringRedisTemplate redis;
    private final int maxFailures;
    private final Duration lockout;
    private final Clock clock;

    UnknownAddressLockout(ReactiveStringRedisTemplate redis, AccountsProperties properties, Clock clock) {
        this.redis = redis;
        this.clock = clock;
        this.maxFailures = properties.maxFailedLogins();
        this.lockout = properties.lockout();
    }

    /**
     * How many seconds the address stays locked, rounded up as an account's are (so that the two answers' Retry-After
     * agree to the second); zero when it is not locked. The lock holds the instant it ends.
     */
    Mono<Long> lockedSeconds(String normalisedEmail) {
        return redis.opsForValue().get(lockKey(normalisedEmail))
                .map(until -> Math.max(0, Math.ceilDiv(Long.parseLong(until) - clock.millis(), 1000L)))
                .defaultIfEmpty(0L);
    }

    /** Counts a wrong password; the one that reaches the limit locks the address for the lockout and starts a new count. */
    Mono<Void> recordFailure(String normalisedEmail) {
        String failures = failuresKey(normalisedEmail);
        return redis.opsForValue().increment(failures)
                .flatMap(count -> count < maxFailures ? redis.expire(failures, COUNTED).then()
                        : redis.opsForValue().set(lockKey(normalisedEmail), Long.toString(clock.millis() + lockout.toMillis()),
                                lockout).then(redis.delete(failures)).then());
    }

    private static String failuresKey(String email) {
        return "login:unknown:{" + digest(email) + "}:failures";
    }

    private static String lockKey(String email) {
        return "login:unknown:{" + digest(email) + "}:locked";
    }

    private static String digest(String email) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(email.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }
}
