package io.sigillum.gateway.sad;

import io.sigillum.gateway.admission.StoreGate;
import io.sigillum.gateway.config.StoreProperties;
import io.sigillum.gateway.redis.LuaScript;
import io.sigillum.gateway.secret.Randomness;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;

/**
 * SADs in Redis: 256 random bits handed to the platform; Redis keeps, under the SHA-256 of the SAD, the platform,
 * credential, hash algorithm, authorized hashes and a remaining-signatures counter. {@link #consume} checks all of it and
 * decrements in one server-side script, so concurrent calls, on any instance, never sign more than was authorized.
 */
@Service
public class SadStore {

    private static final RedisScript<String> CREATE = LuaScript.load("redis/sad-create.lua", String.class);
    private static final RedisScript<String> CONSUME = LuaScript.load("redis/sad-consume.lua", String.class);
    private static final RedisScript<String> EXTEND = LuaScript.load("redis/sad-extend.lua", String.class);
    private static final Base64.Encoder URL = Base64.getUrlEncoder().withoutPadding();

    private final ReactiveStringRedisTemplate redis;
    private final SadProperties properties;
    /** Closed after Redis failed to answer a call, until a PING is answered: a frozen Redis runs queued scripts late. */
    private final StoreGate gate;

    SadStore(ReactiveStringRedisTemplate redis, SadProperties properties, StoreProperties stores) {
        this.redis = redis;
        this.properties = properties;
        this.gate = new StoreGate(() -> redis.execute(connection -> connection.ping()).next(), stores.timeout());
    }

    /**
     * Whether a SAD may be spent now: not after Redis failed to answer, until it answers a PING again — a script sent to
     * a Redis that stopped answering may still run when it wakes, spending a SAD for a request that was long refused.
     */
    public boolean accepting() {
        return gate.open();
    }

    public Mono<IssuedSad> create(SadGrant grant) {
        byte[] secret = new byte[32];
        Randomness.nextBytes(secret);
        String sad = URL.encodeToString(secret);
        String id = idOf(sad);
        List<String> args = new ArrayList<>(List.of(Long.toString(properties.ttl().toMillis()), grant.platformId().toString(),
                grant.credentialId(), grant.hashAlgorithmOid(), Integer.toString(grant.signatures())));
        args.addAll(grant.hashes());
        return redis.execute(CREATE, keys(id), args).then(Mono.just(new IssuedSad(sad, id, properties.ttl())));
    }

    /**
     * Spends {@code hashes.size()} signatures of the grant stored under {@code id} (a SAD's {@link #idOf}, or the grant
     * a credential token names), if it allows exactly this call.
     */
    public Mono<SadConsumption> consume(String id, UUID platformId, String credentialId, String hashAlgorithmOid,
            List<String> hashes) {
        List<String> args = new ArrayList<>(List.of(platformId.toString(), credentialId, hashAlgorithmOid));
        args.addAll(hashes);
        return redis.execute(CONSUME, keys(id), args).next()
                .doOnSuccess(answer -> gate.answered())
                .doOnError(failure -> gate.failed())
                .map(result -> consumption(id, result));
    }

    /**
     * Replaces a SAD by a new one with a fresh lifetime (extendTransaction): the same grant, or with {@code newHashes} the
     * same platform, credential and signatures left over those hashes (of the named algorithm, or else the old one's).
     * One script checks the old SAD — binding, signatures left, algorithm — and removes it only if the extension fits;
     * the new SAD is written next (under Redis Cluster it lives in another slot, so not in the same script). Should that
     * write fail, the grant is gone rather than doubled: the holder authorizes again.
     */
    public Mono<SadExtension> extend(String sad, UUID platformId, String credentialId, Optional<SadExtension.NewHashes> newHashes) {
        String id = idOf(sad);
        List<String> args = List.of(platformId.toString(), credentialId,
                Integer.toString(newHashes.map(h -> h.hashes().size()).orElse(0)),
                newHashes.filter(h -> h.namedAlgorithmOid().isEmpty()).map(h -> String.join(",", h.compatibleOids())).orElse(""));
        return redis.execute(EXTEND, keys(id), args).next()
                .flatMap(result -> {
                    String[] parts = result.split("\\|", 4);
                    return switch (parts[0]) {
                        case "OK" -> {
                            List<String> oldHashes = parts[3].isEmpty() ? List.of() : Arrays.asList(parts[3].split(","));
                            SadGrant grant = new SadGrant(platformId, credentialId,
                                    newHashes.flatMap(SadExtension.NewHashes::namedAlgorithmOid).orElse(parts[1]),
                                    Integer.parseInt(parts[2]), newHashes.map(SadExtension.NewHashes::hashes).orElse(oldHashes));
                            yield create(grant).map(issued -> (SadExtension) new SadExtension.Extended(issued, grant));
                        }
                        case "NOT_FOUND" -> Mono.just(new SadExtension.Refused(SadConsumption.Reason.UNKNOWN_OR_EXPIRED,
                                "SAD unknown or expired"));
                        case "WRONG_BINDING" -> Mono.just(new SadExtension.Refused(SadConsumption.Reason.WRONG_BINDING,
                                "The SAD was not issued for this credential"));
                        case "WRONG_ALGORITHM" -> Mono.just(new SadExtension.Refused(SadConsumption.Reason.WRONG_ALGORITHM,
                                "The hashes are not of the SAD's hash algorithm (name another with hashAlgorithmOID)"));
                        case "EXHAUSTED" -> Mono.just(new SadExtension.Refused(SadConsumption.Reason.EXHAUSTED,
                                "The SAD allows only " + parts[1] + " more signature(s)"));
                        default -> Mono.error(new IllegalStateException("Unexpected SAD script result"));
                    };
                });
    }

    /** Withdraws a grant at once (a revoked credential token, a reused authorization code); true if it existed. */
    public Mono<Boolean> withdraw(String id) {
        return redis.delete(keys(id).toArray(String[]::new)).map(deleted -> deleted > 0);
    }

    /** The audit id of a SAD: a hash, so records never hold a usable SAD. */
    public static String idOf(String sad) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(sad.getBytes(StandardCharsets.US_ASCII));
            return HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> keys(String id) {
        return List.of("sad:{" + id + "}", "sad:{" + id + "}:hashes");
    }

    private static SadConsumption consumption(String id, String result) {
        String[] parts = result.split("\\|");
        return switch (parts[0]) {
            case "OK" -> new SadConsumption.Granted(id, Integer.parseInt(parts[1]));
            case "NOT_FOUND" -> new SadConsumption.Refused(id, SadConsumption.Reason.UNKNOWN_OR_EXPIRED, "SAD unknown or expired");
            case "WRONG_BINDING" -> new SadConsumption.Refused(id, SadConsumption.Reason.WRONG_BINDING,
                    "The SAD was not issued for this credential");
            case "WRONG_ALGORITHM" -> new SadConsumption.Refused(id, SadConsumption.Reason.WRONG_ALGORITHM,
                    "The SAD was issued for another hash algorithm");
            case "HASH_NOT_AUTHORIZED" -> new SadConsumption.Refused(id, SadConsumption.Reason.HASH_NOT_AUTHORIZED,
                    "Hash is not authorized by the SAD (hashes[" + parts[1] + "])");
            case "EXHAUSTED" -> new SadConsumption.Refused(id, SadConsumption.Reason.EXHAUSTED,
                    "The SAD allows only " + parts[1] + " more signature(s)");
            default -> throw new IllegalStateException("Unexpected SAD script result");
        };
    }
}
