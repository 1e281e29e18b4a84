package io.sigillum.gateway.web;

import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Limits on what a request may carry.
 *
 * @param maxBodySize the largest request body accepted (413 beyond it); also the codecs' in-memory limit
 */
@ConfigurationProperties("sigillum.http")
@Validated
public record HttpLimitsProperties(@DefaultValue("1MB") @NotNull DataSize maxBodySize) {
}
