package io.sigillum.gateway.otp;

import io.sigillum.gateway.messaging.MessageSender;
import io.sigillum.gateway.messaging.OutboundMessage;
import io.sigillum.gateway.redis.LuaScript;
import io.sigillum.gateway.redis.LuaScripts;
import io.sigillum.gateway.redis.SlidingWindowLimits;
import io.sigillum.gateway.redis.SlidingWindowLimits.Limit;
import io.sigillum.gateway.secret.Randomness;
import io.sigillum.gateway.web.ApiException;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;

/**
 * One-time codes in Redis, for any subject (a credential's authorization, an application's statement): a code is stored
 * only as an HMAC under a server secret, lives {@code ttl}, allows {@code maxAttempts} tries and then burns; new codes
 * wait out a cooldown and sliding-window limits per subject and per phone. A code is also bound to its audience, the
 * party its text names (the platform a signing is authorized for): given for another audience it is wrong, as the holder
 * was told it would be. Any gateway instance can check a code that another one sent.
 */
@Service
public class OtpChallenges {

    /** The refusal's code when a new code is asked for within the resend cooldown (a 429, as the limits' refusal). */
    public static final String RECENTLY_SENT = "code_recently_sent";

    private static final LuaScript<String> VERIFY = LuaScript.load("redis/otp-verify.lua", String.class);

    private final LuaScripts scripts;
    private final SlidingWindowLimits limits;
    private final ReactiveStringRedisTemplate redis;
    private final MessageSender sender;
    private final OtpProperties properties;
    private final SecretKeySpec macKey;
    private final Clock clock = Clock.systemUTC();

    OtpChallenges(LuaScripts scripts, SlidingWindowLimits limits, ReactiveStringRedisTemplate redis, MessageSender sender,
            OtpProperties properties) {
        this.scripts = scripts;
        this.limits = limits;
        this.redis = redis;
        this.sender = sender;
        this.properties = properties;
        this.macKey = new SecretKeySpec(properties.hmacSecret().getBytes(StandardCharsets.UTF_8), "HmacSHA256");
    }

    /**
     * Sends a new code for {@code subject} and {@code audience} to {@code phone}; the text is built around the code. A
     * failed send leaves no valid code behind and lifts the cooldown, so the caller can try again.
     *
     * <p>A subject is {@code <purpose>:<id>} ({@code credential:…} for signing, {@code revoke:credential:…},
     * {@code application-statement:…}), and a phone's limit is kept per purpose: the phone an applicant types into an
     * application is nobody's proven phone, and codes sent to it must not use up the limit of a holder whose
     * credential has that phone, nor codes for one purpose those of another.
     */
    public Mono<Void> send(String subject, String audience, String phone, Function<String, String> text) {
        String code = newCode();
        String challenge = challengeKey(subject);
        String cooldown = "otp:{" + subject + "}:cooldown";
        // the cooldown first, so that a burst uses up no limit; a code the limits refuse starts no cooldown either
        return redis.opsForValue().setIfAbsent(cooldown, "1", properties.resendCooldown())
                .flatMap(set -> set ? limits.admit(List.of(
                                new Limit("otp:rate:subject:{" + subject + "}", properties.subjectLimit(), properties.subjectWindow(),
                                        "Too many codes for this credential"),
                                new Limit("otp:rate:phone:" + purposeOf(subject) + ":{" + phone + "}", properties.phoneLimit(),
                                        properties.phoneWindow(), "Too many codes for this phone number")))
                        .onErrorResume(ApiException.class, refused -> redis.delete(cooldown).then(Mono.error(refused)))
                        : cooldownRemaining(cooldown))
                .then(redis.opsForHash().putAll(challenge, java.util.Map.of("mac", mac(subject, audience, code), "attempts", "0")))
                .then(redis.expire(challenge, properties.ttl()))
                .then(sender.send(OutboundMessage.smsWithCode(phone, text.apply(code), code))
                        .onErrorResume(failure -> redis.delete(challenge, cooldown)
                                .then(Mono.error(ApiException.unavailable("The SMS could not be sent; try again",
                                        Duration.ofSeconds(5))))));
    }

    /**
     * Checks a code given for {@code audience}; a right one is spent at once, so it never works twice. A code that is
     * not of the codes' form (their number of digits) cannot be right and costs no try: a typo of the holder's.
     */
    public Mono<OtpVerdict> verify(String subject, String audience, String code) {
        String challenge = challengeKey(subject);
        if (!wellFormed(code)) {
            return redis.hasKey(challenge).map(outstanding -> outstanding ? OtpVerdict.WRONG : OtpVerdict.NONE);
        }
        return scripts.run(VERIFY, List.of(challenge),
                        List.of(Integer.toString(properties.maxAttempts()), mac(subject, audience, code)))
                .map(OtpVerdict::valueOf);
    }

    /** How many tries the outstanding code of {@code subject} has left (0 when none is outstanding). */
    public Mono<Integer> attemptsLeft(String subject) {
        return redis.opsForHash().get(challengeKey(subject), "attempts")
                .map(attempts -> Math.max(0, properties.maxAttempts() - Integer.parseInt(attempts.toString())))
                .defaultIfEmpty(0);
    }

    private boolean wellFormed(String code) {
        if (code.length() != properties.length()) {
            return false;
        }
        for (int i = 0; i < code.length(); i++) {
            if (code.charAt(i) < '0' || code.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    private static String purposeOf(String subject) {
        return subject.substring(0, Math.max(0, subject.lastIndexOf(':')));
    }

    private Mono<Void> cooldownRemaining(String cooldown) {
        return redis.getExpire(cooldown).defaultIfEmpty(properties.resendCooldown())
                .flatMap(left -> Mono.error(new ApiException(HttpStatus.TOO_MANY_REQUESTS, RECENTLY_SENT,
                        "A code was sent moments ago; ask again in " + ApiException.retrySeconds(left) + " s", Map.of(),
                        Optional.of(left))));
    }

    private String newCode() {
        StringBuilder code = new StringBuilder(properties.length());
        for (int i = 0; i < properties.length(); i++) {
            code.append(Randomness.nextInt(10));
        }
        return code.toString();
    }

    private String mac(String subject, String audience, String code) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(macKey);
            byte[] input = (subject + "\u0000" + audience + "\u0000" + code).getBytes(StandardCharsets.UTF_8);
            return HexFormat.of().formatHex(mac.doFinal(input));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    private static String challengeKey(String subject) {
        return "otp:{" + subject + "}";
    }
}
