package io.sigillum.gateway.oauth2;

import io.sigillum.gateway.auth.AccessTokens;
import io.sigillum.gateway.auth.OAuth2Properties;
import io.sigillum.gateway.auth.PlatformClient;
import io.sigillum.gateway.redis.LuaScript;
import io.sigillum.gateway.redis.LuaScripts;
import io.sigillum.gateway.secret.Randomness;
import io.sigillum.gateway.secret.Sha256;
import io.sigillum.gateway.web.ApiException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;
import tools.jackson.databind.json.JsonMapper;

/**
 * The authorization server's short-lived state in Redis, shared by every instance: pushed requests, the holder's
 * session on the page, codes, refresh tokens and token families. Secrets handed out (request URIs, codes, refresh
 * tokens) are 256 random bits stored only under their SHA-256; whatever is single-use is taken with GETDEL, so of two
 * concurrent redemptions exactly one finds it. A family is what one code obtained (the access and refresh tokens of
 * its exchange, and of each refresh after it): a code presented again revokes it.
 */
@Component
class AuthorizationStore {

    static final String REQUEST_URI_PREFIX = "urn:ietf:params:oauth:request_uri:";
    private static final Base64.Encoder URL = Base64.getUrlEncoder().withoutPadding();
    private static final LuaScript<String> TAKE_ONCE = LuaScript.load("redis/oauth2-take-once.lua", String.class);
    private static final LuaScript<Long> RECORD = LuaScript.load("redis/oauth2-family-record.lua", Long.class);
    private static final LuaScript<String> REVOKE = LuaScript.load("redis/oauth2-family-revoke.lua", String.class);
    private static final LuaScript<String> GIVE_BACK = LuaScript.load("redis/oauth2-give-back.lua", String.class);
    /** How long a give-back is tried for; its take's record lives twice as long. */
    private static final Duration GIVE_BACK_PATIENCE = Duration.ofMinutes(10);
    private static final String TAKE_RECORD_MILLIS = Long.toString(GIVE_BACK_PATIENCE.multipliedBy(2).toMillis());
    private static final Logger log = LoggerFactory.getLogger(AuthorizationStore.class);

    private final ReactiveStringRedisTemplate redis;
    private final LuaScripts scripts;
    private final JsonMapper json;
    private final OAuth2Properties properties;
    private final Clock clock;
    /** Each take's record is named by this store's random id and a count of its takes: unique across instances. */
    private final String instance = Randomness.uuid().toString();
    private final AtomicLong takes = new AtomicLong();

    AuthorizationStore(ReactiveStringRedisTemplate redis, LuaScripts scripts, JsonMapper json, OAuth2Properties properties,
            Clock clock) {
        this.redis = redis;
        this.scripts = scripts;
        this.json = json;
        this.properties = properties;
        this.clock = clock;
    }

    /** Stores a pushed request (RFC 9126); its {@code request_uri}. */
    Mono<String> push(RequestedAuthorization request) {
        String secret = secret();
        return put("par", secret, request, properties.pushedRequestLifetime()).thenReturn(REQUEST_URI_PREFIX + secret);
    }

    /**
     * Takes a pushed request of this client (once: a request URI is spent when the page opens). Another client's is
     * left where it is, empty: a request URI travels through the browser, and whoever saw it must not be able to spend
     * the holder's request by presenting it under a client of their own (RFC 9126 §4: it is bound to its client).
     */
    Mono<RequestedAuthorization> takePushed(String requestUri, String clientId) {
        if (!requestUri.startsWith(REQUEST_URI_PREFIX)) {
            return Mono.empty();
        }
        String key = key("par", requestUri.substring(REQUEST_URI_PREFIX.length()));
        return redis.opsForValue().get(key).map(value -> json.readValue(value, RequestedAuthorization.class))
                .filter(pushed -> pushed.clientId().equals(clientId))
                .flatMap(own -> redis.opsForValue().getAndDelete(key).map(taken -> own)); // empty if another took it first
    }

    /**
     * Remembers the page session a pushed request opened, for as long as the session may live: the browser that opened it
     * loading the same authorization URL again (a reload, which RFC 9126 §4 foresees) finds its page as it stands.
     */
    Mono<Void> rememberOpened(String requestUri, String sessionId) {
        return redis.opsForValue().set(key("opened", requestUri), sessionId, properties.authorizationLifetime()).then();
    }

    /** The page session a pushed request of this client opened, while it is open. */
    Mono<AuthorizationSession> opened(String requestUri, String clientId) {
        return redis.opsForValue().get(key("opened", requestUri)).flatMap(this::session)
                .filter(session -> session.request().clientId().equals(clientId));
    }

    /** How long a page session stays open after it is opened, and again after each step that saves it (sign-in, a code sent). */
    Duration sessionLifetime() {
        return properties.authorizationLifetime();
    }

    Mono<Void> saveSession(AuthorizationSession session) {
        return put("session", session.id(), session, properties.authorizationLifetime());
    }

    /**
     * Saves the holder's progress over the session as it was, if it is still open; false when it was closed meanwhile
     * (a cancel, an approval or a failure posted while this step ran): a closed session is never opened again.
     */
    Mono<Boolean> updateSession(AuthorizationSession session) {
        return redis.opsForValue().setIfPresent(key("session", session.id()), json.writeValueAsString(session),
                properties.authorizationLifetime());
    }

    Mono<AuthorizationSession> session(String id) {
        return redis.opsForValue().get(key("session", id)).map(value -> json.readValue(value, AuthorizationSession.class));
    }

    /** Closes the page's session; true for the one call that closed it (concurrent posts of one page finish once). */
    Mono<Boolean> closeSession(String id) {
        return redis.delete(key("session", id)).map(deleted -> deleted > 0);
    }

    /**
     * Where a session that ended sent its browser (the client's redirect URI with the code, or with an error), for as
     * long as a code lives: a post of the same page sent again (a double click, whose first answer the browser dropped)
     * is sent there again rather than told the page expired. Kept with the browser's cookie hash and the form's action:
     * only that browser, repeating that action, is.
     */
    Mono<Void> rememberEnd(String sessionId, String browser, String action, URI target) {
        return redis.opsForValue().set(key("ended", sessionId), String.join(" ", browser, action, target.toString()),
                properties.codeLifetime()).then();
    }

    /** Where the ended session sent this browser, if it ended lately, by this action, and it is this browser's. */
    Mono<URI> ended(String sessionId, String browser, String action) {
        return redis.opsForValue().get(key("ended", sessionId))
                .map(value -> value.split(" ", 3)).filter(parts -> parts.length == 3
                        && MessageDigest.isEqual(parts[0].getBytes(StandardCharsets.US_ASCII), browser.getBytes(StandardCharsets.US_ASCII))
                        && parts[1].equals(action))
                .map(parts -> URI.create(parts[2]));
    }

    /** Issues a single-use code for an approved request. */
    Mono<String> issueCode(IssuedCode code) {
        String secret = secret();
        return put("code", secret, code, properties.codeLifetime()).thenReturn(secret);
    }

    /**
     * Redeems a code. A code presented a second time finds nothing — and then what the first redemption was granted is
     * named here, so the caller can withdraw it (RFC 6749 §4.1.2: a reused code is a sign of theft). The tokens a code
     * obtains make a family named after the code, so that they can be found and revoked from it.
     */
    <T> Mono<T> redeem(String code, Function<Redemption, Mono<T>> exchange) {
        return spendOnce("code", code, IssuedCode.class, properties.tokenLifetime().plus(properties.codeLifetime()),
                taken -> exchange.apply(new Redemption(taken.first(), taken.reused(), digest(code))));
    }

    /**
     * What is left of a sign-in's tokens: every token a sign-in obtains, and every refresh of them, ends
     * {@code refreshTokenMaxLifetime} after it, however often the platform refreshed; then the user signs in again.
     */
    Duration signInLeft(Instant signedInAt) {
        return Duration.between(clock.instant(), signedInAt.plus(properties.refreshTokenMaxLifetime()));
    }

    /**
     * A refresh token for a user-bound service token, recorded in its family with the access token issued with it; it
     * rotates: each use spends it and issues the next. It lives {@code refreshTokenLifetime}, but never past what is left
     * of the sign-in ({@link #signInLeft}). Empty, and nothing stored, when the family has been revoked meanwhile (its
     * code was presented again while this was being issued).
     */
    Mono<String> issueRefreshToken(PlatformClient client, String userId, String family, AccessTokens.TokenId access,
            Instant signedInAt) {
        Duration left = signInLeft(signedInAt);
        Duration lifetime = left.compareTo(properties.refreshTokenLifetime()) < 0 ? left : properties.refreshTokenLifetime();
        String secret = secret();
        String key = key("refresh", secret);
        // stored before it is recorded: a revocation that finds it recorded deletes it after it was stored, and one
        // that comes before the record is seen by the record, which then deletes it here
        String userFamilies = userFamiliesKey(userId);
        return put("refresh", secret, new RefreshGrant(client.id(), client.clientId(), userId, Optional.of(family),
                        Optional.of(signedInAt)), lifetime)
                // the user's families are listed before the family records the token: a withdrawal that lists them
                // after this either finds it or came first, and then the record below finds the family revoked
                .then(redis.opsForSet().add(userFamilies, family))
                .then(redis.expire(userFamilies, properties.refreshTokenLifetime()))
                .then(record(family, key, access, properties.refreshTokenLifetime()))
                .flatMap(recorded -> recorded ? Mono.just(secret) : redis.delete(key).then(Mono.<String>empty()));
    }

    /** Records in its family an access token issued without a refresh token; false when the family has been revoked. */
    Mono<Boolean> recordAccessToken(String family, AccessTokens.TokenId access) {
        return record(family, "", access, Duration.between(clock.instant(), access.expiresAt()));
    }

    private Mono<Boolean> record(String family, String refreshKey, AccessTokens.TokenId access, Duration lifetime) {
        return scripts.run(RECORD, List.of(familyKey(family)), List.of(refreshKey, access.jti(),
                Long.toString(access.expiresAt().toEpochMilli()), Long.toString(Math.max(1, lifetime.toMillis())),
                Long.toString(clock.millis()))).map(recorded -> recorded == 1L);
    }

    /**
     * Revokes a token family: its current refresh token is deleted, and nothing issued for it from now on is handed out.
     * Every access token it issued that has not expired yet (the first, and those of each refresh) is returned for the
     * caller to revoke.
     */
    Mono<List<AccessTokens.TokenId>> revokeFamily(String family) {
        return scripts.run(REVOKE, List.of(familyKey(family)), List.of(Long.toString(properties.refreshTokenLifetime().toMillis())))
                .flatMap(issued -> {
                    String[] parts = issued.split("\\|", -1);
                    List<AccessTokens.TokenId> access = Stream.of(parts).skip(1).distinct().map(AuthorizationStore::decode).toList();
                    return (parts[0].isEmpty() ? Mono.<Long>empty() : redis.delete(parts[0])).thenReturn(access);
                });
    }

    /**
     * Revokes every token family of a user (their password changed: what they granted with it goes): each family as
     * {@link #revokeFamily} does; the access tokens they issued are returned for the caller to revoke.
     */
    Flux<AccessTokens.TokenId> revokeUserFamilies(String userId) {
        String userFamilies = userFamiliesKey(userId);
        // each family taken off the list once revoked: one listed meanwhile stays for the next withdrawal
        return redis.opsForSet().members(userFamilies)
                .concatMap(family -> revokeFamily(family).flatMapMany(Flux::fromIterable)
                        .concatWith(redis.opsForSet().remove(userFamilies, family).then(Mono.empty())));
    }

    /**
     * Marks that a user's password changed now, before their families are revoked ({@link #revokeUserFamilies}): a code
     * from a sign-in that checked the old password, exchanged after it, is refused ({@link #passwordChangedSince}). Kept
     * as long as such a code may come: a page's lifetime and a code's.
     */
    Mono<Void> markPasswordChanged(String userId) {
        return redis.opsForValue().set(passwordChangedKey(userId), Long.toString(clock.millis()),
                properties.authorizationLifetime().plus(properties.codeLifetime())).then();
    }

    /** Whether the user's password changed at or after {@code checkedFromMillis}. */
    Mono<Boolean> passwordChangedSince(String userId, long checkedFromMillis) {
        return redis.opsForValue().get(passwordChangedKey(userId)).map(changed -> Long.parseLong(changed) >= checkedFromMillis)
                .defaultIfEmpty(false);
    }

    /**
     * Spends a refresh token on {@code successor}, which issues what replaces it: each use spends it. One presented again
     * after it was spent (RFC 9700 §4.14.2: a refresh token replayed is a sign of theft) names the grant it stood for, so
     * the caller can revoke its family.
     */
    <T> Mono<T> spendRefreshToken(String token, Function<Taken<RefreshGrant>, Mono<T>> successor) {
        return spendOnce("refresh", token, RefreshGrant.class, properties.refreshTokenLifetime(), successor);
    }

    /**
     * Takes a single-use secret's value and hands it to {@code use}; presented again (while its marker lives), the value
     * of its first use.
     *
     * <p>A take whose use handed nothing out is given back, so that the client's retry finds its code or token and is
     * not taken for a thief replaying it (which would revoke what it granted): when the take's answer is given up on (it
     * may still run once Redis answers), when the use fails for any reason but a verdict (a 4xx {@link ApiException}:
     * another client's, a wrong verifier, a revoked family; a 503 is no verdict), and when the caller goes away first. Like a SAD's refund,
     * the give-back goes out after the take on the same connection, so it runs right after it (by its text: a script
     * Redis does not know yet would otherwise go out again after the client's retry); one that runs first withdraws the
     * take.
     */
    private <V, T> Mono<T> spendOnce(String kind, String secret, Class<V> type, Duration markerLifetime,
            Function<Taken<V>, Mono<T>> use) {
        List<String> keys = List.of(key(kind, secret), key(kind + "-used", secret),
                key(kind + "-take", secret) + ":" + instance + ":" + takes.incrementAndGet());
        AtomicBoolean settled = new AtomicBoolean();
        return scripts.run(TAKE_ONCE, keys, List.of(Long.toString(markerLifetime.toMillis()), TAKE_RECORD_MILLIS))
                .map(result -> taken(result, type))
                .flatMap(use)
                .doOnSuccess(answer -> settled.set(true))
                .doOnError(failure -> {
                    settled.set(true);
                    if (!(failure instanceof ApiException refused && refused.status().is4xxClientError())) {
                        giveBack(kind, keys);
                    }
                })
                .doOnCancel(() -> {
                    if (!settled.get()) {
                        giveBack(kind, keys);
                    }
                });
    }

    /**
     * Gives a take back in the background; while Redis does not answer it is sent again with backoff, for a while: a take
     * written to a frozen Redis runs when it thaws, and its give-back must still be coming then.
     */
    private void giveBack(String kind, List<String> keys) {
        scripts.runInOrder(GIVE_BACK, keys, List.of(TAKE_RECORD_MILLIS))
                .retryWhen(Retry.backoff(Long.MAX_VALUE, Duration.ofMillis(200)).maxBackoff(Duration.ofSeconds(2)))
                .timeout(GIVE_BACK_PATIENCE)
                .subscribe(result -> log.info("An OAuth2 {} whose use handed nothing out was given back ({})", kind, result),
                        failure -> log.warn("An OAuth2 {} whose use handed nothing out could not be given back; its client's "
                                + "retry will be taken for a replay: {}", kind, failure.toString()));
    }

    /**
     * Revokes a refresh token if it is this platform's (another platform's is refused and left alone: 400
     * {@code unauthorized_client}), and its family with it: the
     * access tokens the family recorded are returned for the caller to revoke (RFC 7009 §2.1: the access tokens of the
     * same grant go with its refresh token). A token already spent revokes its family too: its use may still be running
     * (or be given back), and the client revoking it means to end the grant, not to leave its successor working.
     */
    Mono<List<AccessTokens.TokenId>> revokeRefreshToken(String token, UUID platformId) {
        String key = key("refresh", token);
        Mono<RefreshGrant> spent = redis.opsForValue().get(key("refresh-used", token)).map(this::refreshGrant);
        return redis.opsForValue().get(key).map(this::refreshGrant)
                .switchIfEmpty(spent)
                .flatMap(grant -> grant.platformId().equals(platformId) ? Mono.just(grant)
                        : Mono.error(AccessTokens.issuedToAnotherClient()))
                .flatMap(own -> redis.delete(key).then(own.family().map(this::revokeFamily).orElse(Mono.just(List.of()))))
                .defaultIfEmpty(List.of());
    }

    private RefreshGrant refreshGrant(String stored) {
        return json.readValue(stored, RefreshGrant.class);
    }

    private <T> Taken<T> taken(String result, Class<T> type) {
        int bar = result.indexOf('|');
        Optional<T> value = bar < 0 ? Optional.empty() : Optional.of(json.readValue(result.substring(bar + 1), type));
        return result.startsWith("TAKEN|") ? new Taken<>(value, Optional.empty()) : new Taken<>(Optional.empty(), value);
    }

    private Mono<Void> put(String kind, String secret, Object value, Duration ttl) {
        return redis.opsForValue().set(key(kind, secret), json.writeValueAsString(value), ttl).then();
    }

    private static String secret() {
        byte[] bytes = new byte[32];
        Randomness.nextBytes(bytes);
        return URL.encodeToString(bytes);
    }

    /** Keys hold the hash of a secret, never the secret: a look at Redis gives nothing usable away. */
    private static String key(String kind, String secret) {
        return "oauth2:" + kind + ":{" + digest(secret) + "}";
    }

    private static String digest(String secret) {
        return HexFormat.of().formatHex(Sha256.of(secret.getBytes(StandardCharsets.UTF_8)));
    }

    private static String passwordChangedKey(String userId) {
        return "oauth2:password-changed:{" + digest(userId) + "}";
    }

    private static String userFamiliesKey(String userId) {
        return "oauth2:user-families:{" + digest(userId) + "}";
    }

    private static String familyKey(String family) {
        return "oauth2:family:{" + family + "}";
    }

    private static AccessTokens.TokenId decode(String access) {
        int space = access.indexOf(' ');
        return new AccessTokens.TokenId(access.substring(0, space), Instant.ofEpochMilli(Long.parseLong(access.substring(space + 1))));
    }

    /**
     * The holder's progress on the page. {@code browser} is the hash of the browser cookie that opened it, {@code csrf}
     * the token every form post must carry.
     */
    record AuthorizationSession(String id, RequestedAuthorization request, String browser, String csrf, boolean codeSent,
            Optional<String> holder, Optional<String> phone, boolean signInNeeded) {

        AuthorizationSession withCodeSent() {
            return new AuthorizationSession(id, request, browser, csrf, true, holder, phone, signInNeeded);
        }

        /** The same progress, for the credential the holder's sign-in chose. */
        AuthorizationSession withRequest(RequestedAuthorization chosen) {
            return new AuthorizationSession(id, chosen, browser, csrf, codeSent, holder, phone, signInNeeded);
        }

        /**
         * The holder signed in: the page names them and may send their code; it is bound to the browser cookie given out
         * at the sign-in, with a new CSRF token (what was seen or set before the sign-in opens it no more).
         */
        AuthorizationSession withHolderSignedIn(String holderName, String maskedPhone, String newBrowser, String newCsrf) {
            return new AuthorizationSession(id, request, newBrowser, newCsrf, codeSent, Optional.of(holderName),
                    Optional.of(maskedPhone), false);
        }

        @Override
        public String toString() {
            return "AuthorizationSession[" + request.clientId() + "]";
        }
    }

    /**
     * What an approved request granted: the user (service) or the grant in the SAD store (credential); for a service
     * code, when the sign-in that granted it began checking the password (epoch ms; 0 for a credential code, which the
     * PIN and SMS code granted).
     */
    record IssuedCode(RequestedAuthorization request, Optional<String> userId, Optional<String> sadId, long grantExpiresAt,
            long passwordCheckedFrom) {
    }

    /** A redeemed code, or, for a code already used, what its first redemption was granted; and the code's family. */
    record Redemption(Optional<IssuedCode> code, Optional<IssuedCode> reused, String family) {
    }

    /**
     * Who a refresh token stands for, its family and when the user signed in (either absent from a token stored before
     * it was kept).
     */
    record RefreshGrant(UUID platformId, String clientId, String userId, Optional<String> family, Optional<Instant> signedInAt) {
    }

    /** A single-use secret's value at its first use, or, presented again, the value its first use took. */
    record Taken<T>(Optional<T> first, Optional<T> reused) {
    }
}
