package io.sigillum.gateway.auth;

import io.sigillum.gateway.config.DevSecrets;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Access tokens for platforms and the OAuth2 authorization code flow.
 *
 * @param tokenLifetime how long an access token is valid
 * @param verifiedTokenCacheSize verified tokens remembered, so a token's signature is checked once, not per request
 * @param verifiedTokenCacheTtl how long a verified token is remembered: a revoked token stops working everywhere within it
 * @param codeLifetime how long an authorization code may be exchanged (RFC 6749 §4.1.2 advises at most 10 minutes)
 * @param pushedRequestLifetime how long a pushed authorization request ({@code request_uri}) may be used
 * @param authorizationLifetime how long the user has on the authorization page
 * @param refreshTokenLifetime how long a refresh token of a user-bound service token lives (it rotates on use)
 * @param refreshTokenMaxLifetime how long after the user signed in the tokens of that sign-in may go on being renewed: each
 *        new access or refresh token ends by then at the latest, and a refresh after it is refused ({@code invalid_grant}),
 *        so the user signs in again however often the platform refreshed meanwhile
 * @param clientFailuresAllowed failed client authentications of one client id from one address before that address is
 *        refused (429) for that client id until the window ends (RFC 6749 §2.3.1: no unbounded guessing of secrets)
 * @param clientFailureWindow the window those failures are counted in, from the first of them
 * @param keyEncryptionSecret the secret the access-token signing keys are encrypted under in PostgreSQL (AES-256-GCM,
 *        its key derived with HKDF-SHA256): a copy of the database alone signs no token; the same on every instance
 */
@ConfigurationProperties("sigillum.oauth2")
@Validated
public record OAuth2Properties(@DefaultValue("1h") @NotNull Duration tokenLifetime,
        @DefaultValue("100000") int verifiedTokenCacheSize,
        @DefaultValue("30s") @NotNull Duration verifiedTokenCacheTtl,
        @DefaultValue("60s") @NotNull Duration codeLifetime,
        @DefaultValue("90s") @NotNull Duration pushedRequestLifetime,
        @DefaultValue("10m") @NotNull Duration authorizationLifetime,
        @DefaultValue("30d") @NotNull Duration refreshTokenLifetime,
        @DefaultValue("90d") @NotNull Duration refreshTokenMaxLifetime,
        @DefaultValue("50") @Min(1) int clientFailuresAllowed,
        @DefaultValue("15m") @NotNull Duration clientFailureWindow,
        @DefaultValue(DevSecrets.ACCESS_TOKEN_KEY_SECRET) @NotBlank String keyEncryptionSecret) {

    /** Never the secret itself: configuration is described in logs and failure messages. */
    @Override
    public String toString() {
        return "OAuth2Properties[tokenLifetime=" + tokenLifetime + ", codeLifetime=" + codeLifetime + "]";
    }
}
