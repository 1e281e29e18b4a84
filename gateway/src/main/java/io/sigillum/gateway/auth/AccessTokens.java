package io.sigillum.gateway.auth;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.sigillum.gateway.secret.Randomness;
import io.sigillum.gateway.web.ApiException;
import io.sigillum.gateway.web.PublicBaseUrl;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Issues and verifies access tokens: ES256 JWTs (RFC 9068 {@code at+jwt}) verified locally. Three kinds: a platform's
 * own {@code service} token (client credentials), a user-bound {@code service} token (the user signed in on the
 * authorization page), and a {@code credential} token that stands for a SAD (its grant is in the SAD store under
 * {@code sid}, spent there like any SAD).
 *
 * <p>A verified token is remembered for a short while (bounded cache), so the hot path pays for a signature check and
 * a revocation look-up once per token and {@link OAuth2Properties#verifiedTokenCacheTtl}, not once per request; a
 * revoked token therefore stops working on every instance within that time, at once on the instance that revoked it.
 * The requests that present a token while it is not remembered share one check: with a plain cache, every request in
 * flight checked a hot token again (a signature and a Redis call each) in the instant its entry expired.
 */
@Component
public class AccessTokens {

    private static final JOSEObjectType ACCESS_TOKEN_TYPE = new JOSEObjectType("at+jwt");
    /** Scope of a token that authorizes use of a credential. */
    public static final String CREDENTIAL_SCOPE = "credential";
    /** Scope of a token that calls the CSC service methods. */
    public static final String SERVICE_SCOPE = "service";

    private final AccessTokenKeys keys;
    private final OAuth2Properties properties;
    private final ReactiveStringRedisTemplate redis;
    private final Clock clock;
    private final Supplier<String> issuer;
    private final AsyncCache<String, Check> verified;

    @Autowired
    AccessTokens(AccessTokenKeys keys, OAuth2Properties properties, ReactiveStringRedisTemplate redis, Clock clock,
            PublicBaseUrl publicBaseUrl) {
        this(keys, properties, redis, clock, publicBaseUrl::base);
    }

    /** With {@code issuer} the authorization server's issuer identifier, as its metadata names it (RFC 8414). */
    AccessTokens(AccessTokenKeys keys, OAuth2Properties properties, ReactiveStringRedisTemplate redis, Clock clock,
            Supplier<String> issuer) {
        this.keys = keys;
        this.issuer = issuer;
        this.properties = properties;
        this.redis = redis;
        this.clock = clock;
        this.verified = Caffeine.newBuilder()
                .maximumSize(properties.verifiedTokenCacheSize())
                .expireAfterWrite(properties.verifiedTokenCacheTtl())
                .buildAsync();
    }

    /**
     * A {@code service} (or other non-credential) token for this platform, bound to a user when one signed in; it lives
     * the configured lifetime, or {@code atMost} when that is shorter (what is left of the user's sign-in).
     */
    public IssuedToken issue(PlatformClient client, Set<String> scopes, Optional<String> userId, Duration atMost) {
        Duration lifetime = atMost.compareTo(properties.tokenLifetime()) < 0 ? atMost : properties.tokenLifetime();
        JWTClaimsSet.Builder claims = claims(client, scopes, lifetime, userId);
        userId.ifPresent(user -> claims.claim("uid", user));
        return sign(claims.build(), lifetime, scopes);
    }

    /** A {@code service} token for the platform itself (client credentials). */
    public IssuedToken issue(PlatformClient client, Set<String> scopes) {
        return issue(client, scopes, Optional.empty(), properties.tokenLifetime());
    }

    /** A {@code credential} token: the SAD grant stored under {@code sadId} for this credential, usable as Bearer. */
    public IssuedToken issueCredential(PlatformClient client, String credentialId, String sadId, Duration lifetime) {
        JWTClaimsSet claims = claims(client, Set.of(CREDENTIAL_SCOPE), lifetime, Optional.empty())
                .claim("cid", credentialId)
                .claim("sid", sadId)
                .build();
        return sign(claims, lifetime, Set.of(CREDENTIAL_SCOPE));
    }

    /**
     * The claims of RFC 9068 §2.2 ({@code iss} the metadata's issuer, {@code aud} the gateway's CSC API at the same base,
     * {@code sub} the user when one signed in and the client otherwise, {@code client_id}, {@code iat}, {@code exp},
     * {@code jti}, {@code scope}), and ours: the platform's id and authorization mode.
     */
    private JWTClaimsSet.Builder claims(PlatformClient client, Set<String> scopes, Duration lifetime, Optional<String> userId) {
        Instant now = clock.instant();
        String base = issuer.get();
        return new JWTClaimsSet.Builder()
                .issuer(base)
                .audience(base + "/csc/v2")
                .subject(userId.orElse(client.clientId()))
                .claim("client_id", client.clientId())
                .claim("pid", client.id().toString())
                .claim("mode", client.authMode().wireName())
                .claim("scope", String.join(" ", scopes))
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(lifetime)))
                .jwtID(Randomness.hex(16));
    }

    private IssuedToken sign(JWTClaimsSet claims, Duration lifetime, Set<String> scopes) {
        ECKey key = keys.signingKey();
        JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(key.getKeyID()).type(ACCESS_TOKEN_TYPE).build();
        SignedJWT jwt = new SignedJWT(header, claims);
        try {
            ECDSASigner signer = new ECDSASigner(key);
            // ECDSA's nonce from the thread's DRBG: the JDK default reads /dev/urandom, a blocking call on an event loop
            signer.getJCAContext().setSecureRandom(Randomness.current());
            jwt.sign(signer);
        } catch (JOSEException e) {
            throw new IllegalStateException("Could not sign an access token", e);
        }
        return new IssuedToken(jwt.serialize(), lifetime, scopes,
                new TokenId(claims.getJWTID(), claims.getExpirationTime().toInstant()));
    }

    /** The platform behind a bearer token, or a 401 (invalid_token / expired_token). */
    public Mono<PlatformPrincipal> verify(String token) {
        return verifyClaims(token).map(VerifiedToken::principal);
    }

    /**
     * What revoking a token issued to another client gets (RFC 7009 §2.1): the token is not revoked, and the client is
     * told so. An access token or a refresh token alike: the token endpoint already tells a client that presents another
     * client's refresh token whose it is, so refusing it here gives nothing away.
     */
    public static ApiException issuedToAnotherClient() {
        return new ApiException(HttpStatus.BAD_REQUEST, "unauthorized_client",
                "The token was issued to another client; it was not revoked");
    }

    /**
     * Revokes an access token of this platform (RFC 7009): remembered as revoked until it would have expired anyway.
     * Empty when the token is no valid access token (nothing to revoke); a 400 {@code unauthorized_client} when it is
     * another platform's. A credential token's grant is the caller's to withdraw (see the SAD store); this only stops
     * the token itself.
     */
    public Mono<Optional<PlatformPrincipal>> revoke(String token, UUID platformId) {
        return verifyClaims(token)
                // not a valid access token (forged, expired, revoked already): nothing to revoke
                .onErrorResume(ApiException.class, unusable -> Mono.empty())
                .flatMap(found -> {
                    if (!found.principal().platformId().equals(platformId)) {
                        return Mono.error(issuedToAnotherClient());
                    }
                    Duration left = Duration.between(clock.instant(), found.principal().expiresAt());
                    // forgotten only once the revocation is stored: a check of this token still running now is dropped
                    // with its entry (it may have asked Redis before the revocation), and any later one sees it
                    return redis.opsForValue().set(revokedKey(found.jti()), "1", left.plusSeconds(1))
                            .then(Mono.fromRunnable(() -> verified.synchronous().invalidate(token)))
                            .thenReturn(Optional.of(found.principal()));
                })
                .defaultIfEmpty(Optional.empty());
    }

    /**
     * Revokes an access token issued here by its id, without the token itself (one that a reused authorization code or
     * refresh token had obtained): remembered as revoked until it would have expired anyway.
     */
    public Mono<Void> revoke(TokenId id) {
        Duration left = Duration.between(clock.instant(), id.expiresAt());
        if (left.isNegative() || left.isZero()) {
            return Mono.empty();
        }
        return redis.opsForValue().set(revokedKey(id.jti()), "1", left.plusSeconds(1))
                .then(Mono.fromRunnable(() -> forget(id.jti())));
    }

    /**
     * Forgets the verified token with this id, and every check still running (which token it checks is not known before
     * it ends, and it may have asked Redis before the revocation). The cache is keyed by the token, so this looks
     * through it: a bounded walk, and rare (a code or refresh token presented twice), so no index by id is kept for it.
     */
    private void forget(String jti) {
        verified.asMap().forEach((token, check) -> {
            if (!check.isDone() || (!check.isCompletedExceptionally() && check.join().token() instanceof VerifiedToken found
                    && found.jti().equals(jti))) {
                verified.asMap().remove(token, check);
            }
        });
    }

    private Mono<VerifiedToken> verifyClaims(String token) {
        CompletableFuture<Check> known = verified.getIfPresent(token);
        if (known != null && known.isDone()) {
            VerifiedToken found = known.isCompletedExceptionally() ? null : known.join().token();
            if (found != null) {
                return stillValid(found.principal()).thenReturn(found);
            }
            // a failed check is forgotten by its waiters as it completes; one still there in that instant is not reused
            verified.asMap().remove(token, known);
        }
        SignedJWT jwt;
        try {
            jwt = SignedJWT.parse(token);
        } catch (ParseException e) {
            return Mono.error(invalid("The access token is malformed"));
        }
        // a token is accepted in one spelling only: the last character of a Base64URL signature carries unused bits,
        // so other spellings of the same signature would verify too (and be cached and counted as other tokens)
        Base64URL signature = jwt.getSignature();
        if (!Base64URL.encode(signature.decode()).equals(signature)) {
            return Mono.error(invalid("The access token is malformed"));
        }
        String kid = jwt.getHeader().getKeyID();
        if (kid == null || !JWSAlgorithm.ES256.equals(jwt.getHeader().getAlgorithm())
                || !ACCESS_TOKEN_TYPE.equals(jwt.getHeader().getType())) {
            return Mono.error(invalid("The access token is not one of ours"));
        }
        // checked once for all the requests presenting it meanwhile (a failed check is not remembered); one of them
        // going away must not cancel it for the others. Neither a token refused (a verdict) nor a store that did not
        // answer in time (mapped at the edge, 503) is a failed load: Caffeine would log each as a warning with its stack
        // trace, one per request anyone cares to send, and one per request all through a store's outage
        CompletableFuture<Check> checked = verified.get(token, (ignored, executor) -> keys.verificationKey(kid)
                .flatMap(key -> key.isPresent() ? check(jwt, key.get())
                        : Mono.<VerifiedToken>error(invalid("The access token was signed by an unknown key")))
                .map(found -> new Check(found, null))
                .onErrorResume(refused -> Mono.just(new Check(null, refused)))
                .toFuture());
        return Mono.fromFuture(checked, true).flatMap(check -> {
            if (check.token() != null) {
                return Mono.just(check.token());
            }
            verified.asMap().remove(token, checked);
            return Mono.error(check.refusal());
        });
    }

    private Mono<VerifiedToken> check(SignedJWT jwt, ECKey key) {
        VerifiedToken found;
        try {
            if (!jwt.verify(new ECDSAVerifier(key))) {
                return Mono.error(invalid("The access token signature does not verify"));
            }
            found = read(jwt.getJWTClaimsSet());
        } catch (JOSEException | ParseException | IllegalArgumentException | NullPointerException e) {
            return Mono.error(invalid("The access token is malformed"));
        }
        return stillValid(found.principal())
                .flatMap(principal -> redis.hasKey(revokedKey(found.jti())))
                .flatMap(revoked -> {
                    if (revoked) {
                        return Mono.error(invalid("The access token has been revoked"));
                    }
                    return Mono.just(found);
                });
    }

    private VerifiedToken read(JWTClaimsSet claims) throws ParseException {
        // issued here: signed by one of our keys, which sign nothing but access tokens (the issuer it names is the base URL
        // it was issued under, which a configuration change may since have moved)
        if (claims.getIssuer() == null || claims.getExpirationTime() == null) {
            throw new IllegalArgumentException("not an access token");
        }
        Set<String> scopes = scopes(claims.getStringClaim("scope"));
        Optional<PlatformPrincipal.CredentialGrant> credential = scopes.contains(CREDENTIAL_SCOPE)
                ? Optional.of(new PlatformPrincipal.CredentialGrant(claims.getStringClaim("cid"), claims.getStringClaim("sid")))
                : Optional.empty();
        credential.ifPresent(grant -> {
            if (grant.credentialId() == null || grant.sadId() == null) {
                throw new IllegalArgumentException("credential token without its grant");
            }
        });
        String mode = claims.getStringClaim("mode");
        // client_id since RFC 9068's claims; before, the client was the subject
        String clientId = Optional.ofNullable(claims.getStringClaim("client_id")).orElse(claims.getSubject());
        return new VerifiedToken(new PlatformPrincipal(UUID.fromString(claims.getStringClaim("pid")), clientId, scopes,
                claims.getExpirationTime().toInstant(), mode == null ? AuthMode.EXPLICIT : AuthMode.of(mode),
                Optional.ofNullable(claims.getStringClaim("uid")), credential), Optional.ofNullable(claims.getJWTID()).orElse(""));
    }

    private Mono<PlatformPrincipal> stillValid(PlatformPrincipal principal) {
        if (!clock.instant().isBefore(principal.expiresAt())) {
            return Mono.error(new ApiException(HttpStatus.UNAUTHORIZED, "expired_token", "The access token has expired"));
        }
        return Mono.just(principal);
    }

    /** Every token issued here has an id; one without could not be revoked, so it is looked up under the empty id. */
    private static String revokedKey(String jti) {
        return "oauth2:revoked:{" + jti + "}";
    }

    private static Set<String> scopes(String scope) {
        return scope == null ? Set.of() : new LinkedHashSet<>(List.of(scope.trim().split("\\s+")));
    }

    private static ApiException invalid(String detail) {
        return new ApiException(HttpStatus.UNAUTHORIZED, "invalid_token", detail);
    }

    private record VerifiedToken(PlatformPrincipal principal, String jti) {
    }

    /** What checking a token found: the token, or why it is refused. */
    private record Check(@Nullable VerifiedToken token, @Nullable Throwable refusal) {
    }

    /** What names an access token issued here (its {@code jti}), and when it expires: enough to revoke it. */
    public record TokenId(String jti, Instant expiresAt) {
    }

    /** A freshly issued token. */
    public record IssuedToken(String value, Duration lifetime, Set<String> scopes, TokenId id) {
        @Override
        public String toString() {
            return "IssuedToken[" + scopes + "]";
        }
    }
}
