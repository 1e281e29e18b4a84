package io.sigillum.gateway.config;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The one deadline of every call to PostgreSQL and Redis. {@code application.yml} feeds it to the R2DBC pool's acquire
 * time, the Lettuce command timeout and the audit's commit deadline; {@link StoreTimeouts} makes it PostgreSQL's
 * {@code statement_timeout} and {@code lock_timeout}. Whatever waits longer ends in 503 {@code temporarily_unavailable}.
 *
 * @param timeout the longest any single store call may take
 */
@ConfigurationProperties("sigillum.stores")
@Validated
public record StoreProperties(@DefaultValue("2s") @NotNull Duration timeout) {
}
