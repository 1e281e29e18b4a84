package io.sigillum.gateway.sad;

import io.sigillum.gateway.admission.StoreGate;
import io.sigillum.gateway.config.StoreProperties;
import io.sigillum.gateway.redis.LuaScript;
import io.sigillum.gateway.redis.LuaScripts;
import io.sigillum.gateway.secret.Randomness;
import io.sigillum.gateway.secret.Sha256;
import io.sigillum.gateway.web.ApiException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

/**
 * SADs in Redis: 256 random bits handed to the platform; Redis keeps, under the SHA-256 of the SAD, the platform,
 * credential, hash algorithm, authorized hashes and a remaining-signatures counter. {@link #consume} checks all of it and
 * decrements in one server-side script, so concurrent calls, on any instance, never sign more than was authorized.
 */
@Service
public class SadStore {

    private static final LuaScript<String> CREATE = LuaScript.load("redis/sad-create.lua", String.class);
    private static final LuaScript<String> CONSUME = LuaScript.load("redis/sad-consume.lua", String.class,
            "redis/sad-hashes.lua");
    private static final LuaScript<String> EXTEND = LuaScript.load("redis/sad-extend.lua", String.class,
            "redis/sad-hashes.lua");
    private static final LuaScript<String> REFUND = LuaScript.load("redis/sad-refund.lua", String.class);
    private static final LuaScript<String> GIVE_BACK = LuaScript.load("redis/sad-give-back.lua", String.class);
    private static final Logger log = LoggerFactory.getLogger(SadStore.class);
    private static final Base64.Encoder URL = Base64.getUrlEncoder().withoutPadding();

    private final LuaScripts scripts;
    private final ReactiveStringRedisTemplate redis;
    private final SadProperties properties;
    private final Clock clock;
    private final String spendRecordMillis;
    /** Closed after Redis failed to answer a call, until a PING is answered: a frozen Redis runs queued scripts late. */
    private final StoreGate gate;
    /**
     * Each call's spend record is named by this store's random id and a count of its calls: unique across instances and
     * restarts without drawing random bytes per call (a DRBG draw was ~2 % of the event loops' time under signHash ×1).
     */
    private final String instance = Randomness.uuid().toString();
    private final AtomicLong spends = new AtomicLong();
    /** Give-backs and refunds running in the background (a shutdown waits for them: {@link #settling()}). */
    private final AtomicInteger settling = new AtomicInteger();

    SadStore(LuaScripts scripts, ReactiveStringRedisTemplate redis, SadProperties properties, StoreProperties stores,
            Clock clock) {
        this.scripts = scripts;
        this.clock = clock;
        this.redis = redis;
        this.properties = properties;
        this.spendRecordMillis = Long.toString(properties.spendRecordTtl().toMillis());
        this.gate = new StoreGate(() -> redis.execute(connection -> connection.ping()).next(), stores.timeout());
    }

    /**
     * Whether a SAD may be spent now: not after Redis failed to answer, until it answers a PING again — a script sent to
     * a Redis that stopped answering may still run when it wakes, spending a SAD for a request that was long refused. The
     * first question after a failure waits briefly for that PING ({@code StoreGate}); the questions meanwhile are no.
     */
    public Mono<Boolean> accepting() {
        return gate.openOrProbe();
    }

    public Mono<IssuedSad> create(SadGrant grant) {
        return create(grant, clock.millis() + properties.maxLifetime().toMillis());
    }

    /**
     * A SAD for the grant, living {@code ttl} but never past {@code authorizedUntil} (epoch ms), the end of the holder's
     * authorization it comes from.
     */
    private Mono<IssuedSad> create(SadGrant grant, long authorizedUntil) {
        byte[] secret = new byte[32];
        Randomness.nextBytes(secret);
        String sad = URL.encodeToString(secret);
        String id = idOf(sad);
        // at least a millisecond: an extension in the authorization's last moment gets a SAD that is gone at once
        Duration lifetime = Duration.ofMillis(Math.max(1, Math.min(properties.ttl().toMillis(), authorizedUntil - clock.millis())));
        List<String> args = new ArrayList<>(List.of(Long.toString(lifetime.toMillis()), grant.platformId().toString(),
                grant.credentialId(), grant.hashAlgorithmOid(), Integer.toString(grant.signatures()),
                grant.signAlgorithmOid().orElse(""), Long.toString(authorizedUntil)));
        args.addAll(grant.hashes());
        // the credential's index of its grants, kept as long as the newest of them (all live as long): a suspension or
        // revocation withdraws them all (a separate key: it hashes to another slot than the grant's)
        String index = credentialIndexKey(grant.credentialId());
        return scripts.run(CREATE, keys(id), args)
                .then(redis.opsForSet().add(index, id))
                .then(redis.expire(index, properties.ttl()))
                .then(Mono.just(new IssuedSad(sad, id, lifetime)));
    }

    /**
     * Withdraws every grant made for a credential (SADs and the grants of credential tokens): its certificate was
     * suspended or revoked, and what the holder authorized before must not sign after a release either.
     */
    public Mono<Long> withdrawAll(String credentialId) {
        String index = credentialIndexKey(credentialId);
        return redis.opsForSet().members(index)
                .concatMap(id -> redis.delete(keys(id).toArray(String[]::new)))
                .reduce(0L, Long::sum)
                .flatMap(withdrawn -> redis.delete(index).thenReturn(withdrawn));
    }

    /**
     * Spends {@code hashes.size()} signatures of the grant stored under {@code id} (a SAD's {@link #idOf}, or the grant
     * a credential token names), if it allows exactly this call.
     *
     * <p>A call whose answer does not come (Redis answers after the command timeout, the connection breaks, the caller
     * goes away) may still have run, and its signatures would then be spent with nothing signed. So each call leaves a
     * spend record under its own id (this store's random id and a call count), and a call given up on is undone:
     * {@link #refund} gives its signatures back, or withdraws the call if it has not run yet, so that it spends nothing
     * when it does.
     */
    public Mono<SadConsumption> consume(String id, UUID platformId, String credentialId, String hashAlgorithmOid,
            String signAlgorithmOid, List<String> hashes) {
        String spendKey = spendKey(id, instance + ":" + spends.incrementAndGet());
        // one argument for the whole list, which the script matches against the list the SAD was given for
        List<String> args = List.of(platformId.toString(), credentialId, hashAlgorithmOid, spendRecordMillis,
                String.join(",", hashes), Integer.toString(hashes.size()), signAlgorithmOid);
        return spend(CONSUME, id, spendKey, args)
                .map(result -> consumption(id, result, spendKey, hashes.size()));
    }

    /**
     * Runs a script that spends signatures of the SAD {@code id} under the spend record {@code spendKey}; should its answer
     * not come (an error, a timeout, the caller gone), the spend is undone ({@link #refund}).
     */
    private Mono<String> spend(LuaScript<String> script, String id, String spendKey, List<String> args) {
        AtomicBoolean answered = new AtomicBoolean();
        return scripts.run(script, List.of(sadKey(id), hashesKey(id), spendKey), args)
                .doOnSuccess(answer -> {
                    answered.set(true);
                    gate.answered();
                })
                .doOnError(failure -> {
                    gate.failed();
                    refund(id, spendKey);
                })
                .doOnCancel(() -> {
                    if (!answered.get()) {
                        refund(id, spendKey);
                    }
                });
    }

    /**
     * Gives back, in the background, the signatures of a granted call that released nothing (its signing or its audit
     * record failed): no signature left the gateway, so the grant keeps them. Should the audit record have been
     * committed after all (its answer came too late), the audit log marks it as withheld once it can
     * tell ({@code AuditLog}).
     */
    public void giveBack(SadConsumption.Granted granted) {
        settle(GIVE_BACK, granted.sadId(), granted.spendKey(), List.of(Integer.toString(granted.spent()), spendRecordMillis));
    }

    /** How many give-backs and refunds are still running, retries included. */
    public int settling() {
        return settling.get();
    }

    /**
     * Undoes a spend whose answer was given up on, in the background. Sent on the same connection as the call, so it
     * normally runs right after it; while Redis does not answer it is sent again with backoff, for as long as a SAD lives:
     * a call written to a frozen Redis runs when it thaws, however long that takes, and its undo must still be coming
     * then (the spend record it needs is written by the call itself, so it is there when the undo arrives).
     */
    private void refund(String id, String spendKey) {
        settle(REFUND, id, spendKey, List.of(spendRecordMillis));
    }

    private void settle(LuaScript<String> script, String id, String spendKey, List<String> args) {
        settling.incrementAndGet();
        scripts.run(script, List.of(sadKey(id), spendKey), args)
                .retryWhen(Retry.backoff(Long.MAX_VALUE, Duration.ofMillis(200)).maxBackoff(Duration.ofSeconds(2)))
                .timeout(properties.ttl()) // the SAD has expired by then: nothing is left to give back
                .doFinally(signal -> settling.decrementAndGet())
                .subscribe(result -> log.info("SAD {}: a call that spent it but released nothing was undone ({})", id, result),
                        failure -> log.warn("SAD {}: a call that spent it but released nothing could not be undone; it may "
                                + "have spent signatures without signing: {}", id, failure.toString()));
    }

    /**
     * Replaces a SAD by a new one with a fresh lifetime (extendTransaction): the same grant, or with {@code newHashes} the
     * same platform, credential, algorithms and signatures left over those of its hashes (each one the holder
     * authorized: a platform may narrow what the holder approved, never change it). One script checks the old SAD —
     * binding, algorithm, hashes, signatures left — and spends all its signatures only if the extension fits; the new SAD
     * is written next (under Redis Cluster it lives in another slot, so not in the same script).
     *
     * <p>Nothing is lost when the new SAD does not reach the platform: an extension whose answer does not come is undone
     * as a signHash call's spend is ({@link #consume}), and one whose new SAD could not be written gives the old one its
     * signatures back. Should the caller fail after this (its audit record), {@link #undo} does the same.
     */
    public Mono<SadExtension> extend(String sad, UUID platformId, String credentialId, Optional<SadExtension.NewHashes> newHashes) {
        String id = idOf(sad);
        String spendKey = spendKey(id, instance + ":" + spends.incrementAndGet());
        List<String> args = List.of(platformId.toString(), credentialId,
                Integer.toString(newHashes.map(h -> h.hashes().size()).orElse(0)),
                newHashes.flatMap(SadExtension.NewHashes::namedAlgorithmOid).orElse(""),
                newHashes.map(h -> String.join(",", h.hashes())).orElse(""), spendRecordMillis);
        return spend(EXTEND, id, spendKey, args)
                .flatMap(result -> {
                    String[] parts = result.split("\\|", 6);
                    return switch (parts[0]) {
                        case "OK" -> {
                            List<String> oldHashes = parts[5].isEmpty() ? List.of() : Arrays.asList(parts[5].split(","));
                            // a SAD made before authorizations ended had none: it ends as one made now would
                            long authorizedUntil = parts[4].isEmpty() ? clock.millis() + properties.maxLifetime().toMillis()
                                    : Long.parseLong(parts[4]);
                            int remaining = Integer.parseInt(parts[2]);
                            SadGrant grant = new SadGrant(platformId, credentialId, parts[1], remaining,
                                    newHashes.map(SadExtension.NewHashes::hashes).orElse(oldHashes),
                                    Optional.of(parts[3]).filter(signAlgorithm -> !signAlgorithm.isEmpty()));
                            SadConsumption.Granted replaced = new SadConsumption.Granted(id, 0, spendKey, remaining);
                            yield create(grant, authorizedUntil)
                                    .doOnError(failure -> giveBack(replaced))
                                    .map(issued -> (SadExtension) new SadExtension.Extended(issued, grant, replaced));
                        }
                        case "WITHDRAWN" -> Mono.error(ApiException.unavailable(
                                "The SAD store answered out of order; the SAD was not extended", Duration.ofSeconds(1)));
                        case "NOT_FOUND" -> Mono.just(new SadExtension.Refused(SadConsumption.Reason.UNKNOWN_OR_EXPIRED,
                                "SAD unknown or expired"));
                        // audited as the wrong binding it is; told as unknown, since to that platform it is
                        case "FOREIGN" -> Mono.just(new SadExtension.Refused(SadConsumption.Reason.WRONG_BINDING,
                                "SAD unknown or expired"));
                        case "WRONG_BINDING" -> Mono.just(new SadExtension.Refused(SadConsumption.Reason.WRONG_BINDING,
                                "The SAD was not issued for this credential"));
                        case "WRONG_ALGORITHM" -> Mono.just(new SadExtension.Refused(SadConsumption.Reason.WRONG_ALGORITHM,
                                "The SAD was issued for another hash algorithm"));
                        case "HASH_NOT_AUTHORIZED" -> Mono.just(new SadExtension.Refused(
                                SadConsumption.Reason.HASH_NOT_AUTHORIZED,
                                "Hash is not authorized by the SAD (hashes[" + parts[1] + "])"));
                        case "EXHAUSTED" -> Mono.just(new SadExtension.Refused(SadConsumption.Reason.EXHAUSTED,
                                "The SAD allows only " + parts[1] + " more signature(s)"));
                        default -> Mono.error(new IllegalStateException("Unexpected SAD script result"));
                    };
                });
    }

    /**
     * Undoes an extension whose new SAD did not reach the platform (its audit record failed, the caller went away), in
     * the background: the new SAD is withdrawn and the old one gets its signatures back, unless it was withdrawn
     * meanwhile (a suspension or revocation: then it stays gone).
     */
    public void undo(SadExtension.Extended extended) {
        // the new SAD never left the gateway, so no one holds it: the old one is given back whether or not this withdrawal
        // gets through (then the new one expires unused)
        withdraw(extended.sad().id()).subscribe(withdrawn -> { }, failure -> log.info(
                "SAD {}: an extension that did not reach the platform could not be withdrawn now: {}", extended.sad().id(),
                failure.toString()));
        giveBack(extended.replaced());
    }

    /** Withdraws a grant at once (a revoked credential token, a reused authorization code); true if it existed. */
    public Mono<Boolean> withdraw(String id) {
        return redis.delete(keys(id).toArray(String[]::new)).map(deleted -> deleted > 0);
    }

    /** The audit id of a SAD: a hash, so records never hold a usable SAD. */
    public static String idOf(String sad) {
        return HexFormat.of().formatHex(Sha256.of(sad.getBytes(StandardCharsets.US_ASCII)), 0, 16);
    }

    private static List<String> keys(String id) {
        return List.of(sadKey(id), hashesKey(id));
    }

    private static String sadKey(String id) {
        return "sad:{" + id + "}";
    }

    private static String hashesKey(String id) {
        return "sad:{" + id + "}:hashes";
    }

    private static String credentialIndexKey(String credentialId) {
        return "sad:credential:{" + credentialId + "}";
    }

    private static String spendKey(String id, String spend) {
        return "sad:{" + id + "}:spend:" + spend;
    }

    private static SadConsumption consumption(String id, String result, String spendKey, int spent) {
        String[] parts = result.split("\\|");
        return switch (parts[0]) {
            case "OK" -> new SadConsumption.Granted(id, Integer.parseInt(parts[1]), spendKey, spent);
            case "NOT_FOUND" -> new SadConsumption.Refused(id, SadConsumption.Reason.UNKNOWN_OR_EXPIRED, "SAD unknown or expired");
            // only if Redis ran the refund of this very call before the call itself, which one connection does not do
            case "WITHDRAWN" -> throw ApiException.unavailable("The SAD store answered out of order; nothing was signed",
                    Duration.ofSeconds(1));
            // audited as the wrong binding it is; told as unknown, since to that platform it is
            case "FOREIGN" -> new SadConsumption.Refused(id, SadConsumption.Reason.WRONG_BINDING, "SAD unknown or expired");
            case "WRONG_BINDING" -> new SadConsumption.Refused(id, SadConsumption.Reason.WRONG_BINDING,
                    "The SAD was not issued for this credential");
            case "WRONG_ALGORITHM" -> new SadConsumption.Refused(id, SadConsumption.Reason.WRONG_ALGORITHM,
                    "The SAD was issued for another hash algorithm");
            case "WRONG_SIGN_ALGORITHM" -> new SadConsumption.Refused(id, SadConsumption.Reason.WRONG_ALGORITHM,
                    "The authorization was given for signAlgo " + parts[1] + " only");
            case "HASH_NOT_AUTHORIZED" -> new SadConsumption.Refused(id, SadConsumption.Reason.HASH_NOT_AUTHORIZED,
                    "Hash is not authorized by the SAD (hashes[" + parts[1] + "])");
            case "EXHAUSTED" -> new SadConsumption.Refused(id, SadConsumption.Reason.EXHAUSTED,
                    "The SAD allows only " + parts[1] + " more signature(s)");
            default -> throw new IllegalStateException("Unexpected SAD script result");
        };
    }
}
