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
 * @param spendRecordTtl how long Redis keeps the record of one signing call's spend, so that the gateway can undo a spend
 *     whose answer it gave up waiting for ({@link SadStore#consume}); the undo follows the call on the same connection,
 *     so seconds are plenty
 * @param maxLifetime how long the holder's one authorization lasts, extendTransaction's new SADs included: an extension
 *     gives a fresh {@code ttl}, but never past this long after the holder entered PIN and code — sole control means the
 *     platform cannot keep one approval alive for ever by extending it every few minutes
 */
@ConfigurationProperties("sigillum.sad")
@Validated
public record SadProperties(@DefaultValue("5m") @NotNull Duration ttl, @DefaultValue("10s") @NotNull Duration spendRecordTtl,
        @DefaultValue("1h") @NotNull Duration maxLifetime) {
}
