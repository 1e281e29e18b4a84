package io.sigillum.gateway.operations;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.sigillum.gateway.secret.Sha256;
import io.sigillum.gateway.web.ApiException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.SecuritySchemeType;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.security.SecurityScheme;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * The Prometheus scrape, for a scraper that shows the configured bearer token ({@link MetricsProperties}) and for no one
 * else: the actuator's own {@code prometheus} and {@code metrics} endpoints are not exposed, since they would answer
 * anyone who reaches the API's port. Served at the path scrapers expect of a Spring Boot application, in the text format
 * 0.0.4, or OpenMetrics when the scraper asks for it.
 */
@RestController
@Tag(name = "Operator")
@SecurityScheme(name = MetricsScrapeController.SCRAPE_SCHEME, type = SecuritySchemeType.HTTP, scheme = "bearer",
        description = "The scrape token (SIGILLUM_METRICS_SCRAPE_TOKEN)")
class MetricsScrapeController {

    /** The OpenAPI name of the scraper's bearer token. */
    static final String SCRAPE_SCHEME = "metricsScrape";

    private static final String OPEN_METRICS = "application/openmetrics-text";

    private final PrometheusMeterRegistry registry;
    private final byte @Nullable [] expectedDigest;

    MetricsScrapeController(PrometheusMeterRegistry registry, MetricsProperties properties) {
        this.registry = registry;
        String token = properties.scrapeToken();
        this.expectedDigest = token == null ? null : sha256(token);
    }

    @Operation(summary = "Prometheus metrics (Authorization: Bearer <sigillum.metrics.scrape-token>)",
            security = @SecurityRequirement(name = SCRAPE_SCHEME),
            responses = @ApiResponse(responseCode = "200", description = "The text format, or OpenMetrics when accepted",
                    content = {@Content(mediaType = "text/plain", schema = @Schema(type = "string")),
                        @Content(mediaType = "application/openmetrics-text", schema = @Schema(type = "string"))}))
    @GetMapping("/actuator/prometheus")
    ResponseEntity<String> scrape(
            @Parameter(hidden = true) @RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) @Nullable String authorization,
            @Parameter(hidden = true) @RequestHeader(name = HttpHeaders.ACCEPT, required = false) @Nullable String accept) {
        requireScraper(authorization);
        String contentType = accept != null && accept.contains(OPEN_METRICS)
                ? "application/openmetrics-text; version=1.0.0; charset=utf-8"
                : "text/plain; version=0.0.4; charset=utf-8";
        return ResponseEntity.ok().contentType(MediaType.parseMediaType(contentType)).body(registry.scrape(contentType));
    }

    /** The token compared as digests, in constant time: neither its content nor its length shows in the answer's timing. */
    private void requireScraper(@Nullable String authorization) {
        boolean bearer = authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7);
        if (expectedDigest == null || !bearer || !MessageDigest.isEqual(expectedDigest, sha256(authorization.substring(7).strip()))) {
            throw new ApiException(HttpStatus.UNAUTHORIZED, "unauthorized", expectedDigest == null
                    ? "Metrics are served only with the bearer token set in sigillum.metrics.scrape-token, and none is set"
                    : "Metrics need the scrape bearer token");
        }
    }

    private static byte[] sha256(String value) {
        return Sha256.of(value.getBytes(StandardCharsets.UTF_8));
    }
}
