package io.sigillum.gateway.oauth2;

import io.sigillum.gateway.auth.OAuth2Properties;
import io.sigillum.gateway.secret.Randomness;
import io.sigillum.gateway.secret.Sha256;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import java.util.UUID;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * The authorization server's short-lived state in Redis, shared by every instance: pushed requests, the holder's
 * session on the page, codes and refresh tokens. Secrets handed out (request URIs, codes, refresh tokens) are 256
 * random bits stored only under their SHA-256; whatever is single-use is taken with GETDEL, so of two concurrent
 * redemptions exactly one finds it.
 */
@Component
class AuthorizationStore {

    static final String REQUEST_URI_PREFIX = "urn:ietf:params:oauth:request_uri:";
    private static final Base64.Encoder URL = Base64.getUrlEncoder().withoutPadding();

    private final ReactiveStringRedisTemplate redis;
    private final JsonMapper json;
    private final OAuth2Properties properties;

    AuthorizationStore(ReactiveStringRedisTemplate redis, JsonMapper json, OAuth2Properties properties) {
        this.redis = redis;
        this.json = json;
        this.properties = properties;
    }

    /** Stores a pushed request (RFC 9126); its {@code request_uri}. */
    Mono<String> push(RequestedAuthorization request) {
        String secret = secret();
        return put("par", secret, request, properties.pushedRequestLifetime()).thenReturn(REQUEST_URI_PREFIX + secret);
    }

    /** Takes a pushed request (once: a request URI is spent when the page opens). */
    Mono<RequestedAuthorization> takePushed(String requestUri) {
        if (!requestUri.startsWith(REQUEST_URI_PREFIX)) {
            return Mono.empty();
        }
        return take("par", requestUri.substring(REQUEST_URI_PREFIX.length()), RequestedAuthorization.class);
    }

    Mono<Void> saveSession(AuthorizationSession session) {
        return put("session", session.id(), session, properties.authorizationLifetime());
    }

    Mono<AuthorizationSession> session(String id) {
        return redis.opsForValue().get(key("session", id)).map(value -> json.readValue(value, AuthorizationSession.class));
    }

    Mono<Void> closeSession(String id) {
        return redis.delete(key("session", id)).then();
    }

    /** Issues a single-use code for an approved request. */
    Mono<String> issueCode(IssuedCode code) {
        String secret = secret();
        return put("code", secret, code, properties.codeLifetime()).thenReturn(secret);
    }

    /**
     * Redeems a code. A code presented a second time finds nothing — and then what the first redemption granted is
     * named here, so the caller can withdraw it (RFC 6749 §4.1.2: a reused code is a sign of theft).
     */
    Mono<Redemption> redeem(String code) {
        return take("code", code, IssuedCode.class)
                .flatMap(issued -> redis.opsForValue().set(key("code-used", code), issued.sadId().orElse(""),
                                properties.tokenLifetime().plus(properties.codeLifetime()))
                        .thenReturn(new Redemption(Optional.of(issued), Optional.<String>empty())))
                .switchIfEmpty(Mono.defer(() -> redis.opsForValue().getAndDelete(key("code-used", code))
                        .map(sadId -> new Redemption(Optional.empty(), Optional.of(sadId)))
                        .defaultIfEmpty(new Redemption(Optional.empty(), Optional.empty()))));
    }

    /** A refresh token for a user-bound service token; it rotates: each use spends it and issues the next. */
    Mono<String> issueRefreshToken(RefreshGrant grant) {
        String secret = secret();
        return put("refresh", secret, grant, properties.refreshTokenLifetime()).thenReturn(secret);
    }

    Mono<RefreshGrant> takeRefreshToken(String token) {
        return take("refresh", token, RefreshGrant.class);
    }

    /** Deletes a refresh token if it is this platform's; another platform's token is left alone. */
    Mono<Void> revokeRefreshToken(String token, UUID platformId) {
        String key = key("refresh", token);
        return redis.opsForValue().get(key).map(value -> json.readValue(value, RefreshGrant.class))
                .filter(grant -> grant.platformId().equals(platformId))
                .flatMap(own -> redis.delete(key)).then();
    }

    private Mono<Void> put(String kind, String secret, Object value, Duration ttl) {
        return redis.opsForValue().set(key(kind, secret), json.writeValueAsString(value), ttl).then();
    }

    private <T> Mono<T> take(String kind, String secret, Class<T> type) {
        return redis.opsForValue().getAndDelete(key(kind, secret)).map(value -> json.readValue(value, type));
    }

    private static String secret() {
        byte[] bytes = new byte[32];
        Randomness.nextBytes(bytes);
        return URL.encodeToString(bytes);
    }

    /** Keys hold the hash of a secret, never the secret: a look at Redis gives nothing usable away. */
    private static String key(String kind, String secret) {
        return "oauth2:" + kind + ":{" + HexFormat.of().formatHex(Sha256.of(secret.getBytes(StandardCharsets.UTF_8))) + "}";
    }

    /**
     * The holder's progress on the page. {@code browser} is the hash of the browser cookie that opened it, {@code csrf}
     * the token every form post must carry.
     */
    record AuthorizationSession(String id, RequestedAuthorization request, String browser, String csrf, boolean codeSent,
            Optional<String> holder, Optional<String> phone) {

        AuthorizationSession withCodeSent() {
            return new AuthorizationSession(id, request, browser, csrf, true, holder, phone);
        }

        @Override
        public String toString() {
            return "AuthorizationSession[" + request.clientId() + "]";
        }
    }

    /** What an approved request granted: the user (service) or the grant in the SAD store (credential). */
    record IssuedCode(RequestedAuthorization request, Optional<String> userId, Optional<String> sadId, long grantExpiresAt) {
    }

    /** A redeemed code, or, for a code already used, the grant its first redemption made. */
    record Redemption(Optional<IssuedCode> code, Optional<String> reusedGrant) {
    }

    /** Who a refresh token stands for. */
    record RefreshGrant(UUID platformId, String clientId, String userId) {
    }
}
