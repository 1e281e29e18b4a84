package io.sigillum.gateway.auth;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Access tokens for platforms.
 *
 * @param issuer the {@code iss} of every access token
 * @param tokenLifetime how long an access token is valid
 * @param verifiedTokenCacheSize verified tokens remembered, so a token's signature is checked once, not per request
 */
@ConfigurationProperties("sigillum.oauth2")
@Validated
public record OAuth2Properties(@DefaultValue("sigillum") @NotBlank String issuer,
        @DefaultValue("1h") @NotNull Duration tokenLifetime,
        @DefaultValue("100000") int verifiedTokenCacheSize) {
}
