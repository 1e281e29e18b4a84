package io.sigillum.gateway.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.sigillum.gateway.secret.Randomness;
import io.sigillum.gateway.web.ApiException;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Issues and verifies the platforms' access tokens: ES256 JWTs verified locally. A verified token is remembered (bounded
 * cache), so the hot path pays for a signature check once per token, not once per request.
 */
@Component
public class AccessTokens {

    private static final JOSEObjectType ACCESS_TOKEN_TYPE = new JOSEObjectType("at+jwt");

    private final AccessTokenKeys keys;
    private final OAuth2Properties properties;
    private final Clock clock;
    private final Cache<String, PlatformPrincipal> verified;

    AccessTokens(AccessTokenKeys keys, OAuth2Properties properties) {
        this.keys = keys;
        this.properties = properties;
        this.clock = Clock.systemUTC();
        this.verified = Caffeine.newBuilder()
                .maximumSize(properties.verifiedTokenCacheSize())
                .expireAfterWrite(Duration.ofMinutes(10))
                .build();
    }

    /** A signed token for this platform with the scopes it was granted. */
    public IssuedToken issue(PlatformClient client, Set<String> scopes) {
        Instant now = clock.instant();
        Instant expiresAt = now.plus(properties.tokenLifetime());
        ECKey key = keys.signingKey();
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(properties.issuer())
                .subject(client.clientId())
                .claim("pid", client.id().toString())
                .claim("scope", String.join(" ", scopes))
                .issueTime(Date.from(now))
                .expirationTime(Date.from(expiresAt))
                .jwtID(Randomness.hex(16))
                .build();
        JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(key.getKeyID()).type(ACCESS_TOKEN_TYPE).build();
        SignedJWT jwt = new SignedJWT(header, claims);
        try {
            jwt.sign(new ECDSASigner(key));
        } catch (JOSEException e) {
            throw new IllegalStateException("Could not sign an access token", e);
        }
        return new IssuedToken(jwt.serialize(), properties.tokenLifetime(), scopes);
    }

    /** The platform behind a bearer token, or a 401 (invalid_token / expired_token). */
    public Mono<PlatformPrincipal> verify(String token) {
        PlatformPrincipal known = verified.getIfPresent(token);
        if (known != null) {
            return stillValid(known);
        }
        SignedJWT jwt;
        try {
            jwt = SignedJWT.parse(token);
        } catch (ParseException e) {
            return Mono.error(invalid("The access token is malformed"));
        }
        String kid = jwt.getHeader().getKeyID();
        if (kid == null || !JWSAlgorithm.ES256.equals(jwt.getHeader().getAlgorithm())) {
            return Mono.error(invalid("The access token is not one of ours"));
        }
        return keys.verificationKey(kid).flatMap(key -> key.isPresent() ? check(token, jwt, key.get())
                : Mono.error(invalid("The access token was signed by an unknown key")));
    }

    private Mono<PlatformPrincipal> check(String token, SignedJWT jwt, ECKey key) {
        try {
            if (!jwt.verify(new ECDSAVerifier(key))) {
                return Mono.error(invalid("The access token signature does not verify"));
            }
            JWTClaimsSet claims = jwt.getJWTClaimsSet();
            if (!properties.issuer().equals(claims.getIssuer()) || claims.getExpirationTime() == null) {
                return Mono.error(invalid("The access token was not issued here"));
            }
            PlatformPrincipal principal = new PlatformPrincipal(UUID.fromString(claims.getStringClaim("pid")),
                    claims.getSubject(), scopes(claims.getStringClaim("scope")), claims.getExpirationTime().toInstant());
            verified.put(token, principal);
            return stillValid(principal);
        } catch (JOSEException | ParseException | IllegalArgumentException | NullPointerException e) {
            return Mono.error(invalid("The access token is malformed"));
        }
    }

    private Mono<PlatformPrincipal> stillValid(PlatformPrincipal principal) {
        if (!clock.instant().isBefore(principal.expiresAt())) {
            return Mono.error(new ApiException(HttpStatus.UNAUTHORIZED, "expired_token", "The access token has expired"));
        }
        return Mono.just(principal);
    }

    private static Set<String> scopes(String scope) {
        return scope == null ? Set.of() : new LinkedHashSet<>(List.of(scope.trim().split("\\s+")));
    }

    private static ApiException invalid(String detail) {
        return new ApiException(HttpStatus.UNAUTHORIZED, "invalid_token", detail);
    }

    /** A freshly issued token. */
    public record IssuedToken(String value, Duration lifetime, Set<String> scopes) {
        @Override
        public String toString() {
            return "IssuedToken[" + scopes + "]";
        }
    }
}
