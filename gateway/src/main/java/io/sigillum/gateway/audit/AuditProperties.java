package io.sigillum.gateway.audit;

import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Group commit of audit records.
 *
 * @param maxBatch records written in one transaction at most
 * @param maxPending records waiting for a transaction before new requests are refused (503)
 */
@ConfigurationProperties("sigillum.audit")
@Validated
public record AuditProperties(@DefaultValue("1000") @Min(1) int maxBatch, @DefaultValue("20000") @Min(1) int maxPending) {
}
