package io.sigillum.gateway.signdoc;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * signDoc: what one call may carry and how much DSS work runs at once.
 *
 * @param maxDocumentSize the largest document accepted (413 beyond it); the request body limit
 *        ({@code sigillum.http.max-body-size}, Base64 adds a third) caps it as well
 * @param maxDocuments documents (or documentDigests entries) in one call (413 beyond it)
 * @param maxConcurrent signDoc calls doing DSS work at once; beyond it 503 + Retry-After at once
 * @param threads threads that run DSS (parsing, building and timestamping documents)
 * @param queueCapacity DSS tasks waiting for such a thread before new ones are refused (503 + Retry-After)
 * @param retryAfter what a refused client is told to wait
 */
@ConfigurationProperties("sigillum.signdoc")
@Validated
public record SignDocProperties(@DefaultValue("512KB") @NotNull DataSize maxDocumentSize,
        @DefaultValue("8") @Min(1) int maxDocuments,
        @DefaultValue("4") @Min(1) int maxConcurrent,
        @DefaultValue("2") @Min(1) int threads,
        @DefaultValue("64") @Min(1) int queueCapacity,
        @DefaultValue("1s") @NotNull Duration retryAfter) {
}
