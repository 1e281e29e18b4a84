package io.sigillum.gateway.account;

import io.sigillum.gateway.redis.LuaScript;
import io.sigillum.gateway.redis.LuaScripts;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
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

    private static final LuaScript<Long> LOGIN_TRY = LuaScript.load("redis/login-try.lua", Long.class);

    private final LuaScripts scripts;
    private final int maxFailures;
    private final Duration lockout;
    private final Clock clock;

    UnknownAddressLockout(LuaScripts scripts, AccountsProperties properties, Clock clock) {
        this.scripts = scripts;
        this.clock = clock;
        this.maxFailures = properties.maxFailedLogins();
        this.lockout = properties.lockout();
    }

    /**
     * Counts a try as a wrong password before its password is checked (an address with no account has no right one), as
     * an account's tries are counted: the try that reaches the limit locks the address for the lockout and starts a new
     * count.
     */
    Mono<Try> countTry(String normalisedEmail) {
        return scripts.run(LOGIN_TRY, List.of(failuresKey(normalisedEmail), lockKey(normalisedEmail)),
                        List.of(Long.toString(clock.millis()), Integer.toString(maxFailures), Long.toString(lockout.toMillis()),
                                Long.toString(COUNTED.toMillis())))
                .map(answer -> answer > 0 ? new Try(Math.ceilDiv(answer, 1000L), 0)
                        : new Try(0, Math.max(0, maxFailures - (int) -answer)));
    }

    /**
     * One try at an address with no account.
     *
     * @param lockedSeconds how long the address's lock has left when it is locked (the try was not counted), rounded up as
     *        an account's is (so that the two answers' Retry-After agree to the second); zero when the try was counted
     * @param attemptsLeft wrong passwords left before the address locks, as an account would have them
     */
    record Try(long lockedSeconds, int attemptsLeft) {
    }

    static String failuresKey(String email) {
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
