package io.sigillum.gateway.csc;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The CSC API as this service offers it.
 *
 * @param name the service name in {@code info}
 * @param region ISO 3166-1 alpha-2 country of the service
 * @param lang the language of texts
 * @param maxHashes hashes accepted in one authorize or signHash call
 * @param pinLockAfter consecutive wrong PINs that lock a credential
 * @param credentialCacheTtl how long signHash may use a cached credential (status changes take effect within it)
 * @param credentialCacheSize credentials kept in that cache at most (rarely used ones evicted beyond it); a miss costs one query
 */
@ConfigurationProperties("sigillum.csc")
@Validated
public record CscProperties(@DefaultValue("Sigillum remote signing") @NotBlank String name,
        @DefaultValue("PL") @NotBlank String region,
        @DefaultValue("en-US") @NotBlank String lang,
        @DefaultValue("1000") @Min(1) int maxHashes,
        @DefaultValue("5") @Min(1) int pinLockAfter,
        @DefaultValue("10s") @NotNull Duration credentialCacheTtl,
        @DefaultValue("100000") @Min(1) int credentialCacheSize) {
}
