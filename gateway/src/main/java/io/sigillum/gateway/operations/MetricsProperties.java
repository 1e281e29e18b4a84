package io.sigillum.gateway.operations;

import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Who may read the gateway's metrics.
 *
 * @param scrapeToken the bearer token a scraper sends to {@code /actuator/prometheus} (Prometheus: {@code authorization:
 *        credentials:}), at least 32 characters; unset, the metrics are served to nobody. Metrics name the gateway's
 *        clients' traffic, its limits and its stores' health: not for the internet its API faces
 */
@ConfigurationProperties("sigillum.metrics")
@Validated
public record MetricsProperties(@Size(min = 32) @Nullable String scrapeToken) {
}
