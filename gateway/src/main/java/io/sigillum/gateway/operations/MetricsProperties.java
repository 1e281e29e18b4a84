package io.sigillum.gateway.operations;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Who may read the gateway's metrics.
 *
 * @param scrapeToken the bearer token a scraper sends to {@code /actuator/prometheus} (Prometheus: {@code authorization:
 *        credentials:}), at least 32 characters besides the white space around it (dropped); unset, the metrics are served
 *        to nobody. Metrics name the gateway's clients' traffic, its limits and its stores' health: not for the internet
 *        its API faces. Checked here rather than with a validation annotation, whose start-up failure would print the
 *        value: a secret in the log
 */
@ConfigurationProperties("sigillum.metrics")
public record MetricsProperties(@Nullable String scrapeToken) {

    static final int MIN_LENGTH = 32;

    public MetricsProperties {
        // a scraper's header is read trimmed; so is the token set here (a mounted secret's file ends in a newline)
        scrapeToken = scrapeToken == null ? null : scrapeToken.strip();
        if (scrapeToken != null && scrapeToken.length() < MIN_LENGTH) {
            throw new IllegalArgumentException("sigillum.metrics.scrape-token must have at least " + MIN_LENGTH
                    + " characters; the one set has " + scrapeToken.length());
        }
    }
}
