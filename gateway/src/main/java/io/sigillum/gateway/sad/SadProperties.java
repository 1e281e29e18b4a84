package io.sigillum.gateway.sad;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Signature activation data.
 *
 * @param ttl how long a SAD stays usable after authorize or extendTransaction
 */
@ConfigurationProperties("sigillum.sad")
@Validated
public record SadProperties(@DefaultValue("5m") @NotNull Duration ttl) {
}
