package io.sigillum.gateway.tsa;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The timestamp authority.
 *
 * @param keyAlias the time-stamping unit's key in the token (its stored chain: unit, issuing CA, root); created with its
 *        certificate from the built-in CA on first start when the CA may create keys ({@code sigillum.ca.create-if-missing})
 * @param commonName CN of the unit's certificate (C and O are the CA's)
 * @param certificateValidity lifetime of a created unit certificate (never beyond the issuing CA's)
 * @param policyOid the TSA policy under which every token is issued (default: ETSI EN 319 421 best practices)
 * @param accuracy the accuracy stated in every token
 * @param threads threads that sign timestamps (each waits on the signing pool)
 * @param queueCapacity timestamp requests waiting for such a thread before new ones are refused (503 + Retry-After)
 * @param url an external RFC 3161 TSA that signDoc uses for level B-T instead of this one
 * @param externalTimeout how long signDoc waits for that external TSA
 */
@ConfigurationProperties("sigillum.tsa")
@Validated
public record TsaProperties(@DefaultValue("tsa") @NotBlank String keyAlias,
        @DefaultValue("Sigillum Test QTSP Time-Stamping Unit") @NotBlank String commonName,
        @DefaultValue("1825d") @NotNull Duration certificateValidity,
        @DefaultValue("0.4.0.2023.1.1") @Pattern(regexp = "[0-2](\\.(0|[1-9][0-9]*))+") String policyOid,
        @DefaultValue("1s") @NotNull Duration accuracy,
        @DefaultValue("4") @Min(1) int threads,
        @DefaultValue("1024") @Min(1) int queueCapacity,
        @DefaultValue Optional<URI> url,
        @DefaultValue("10s") @NotNull Duration externalTimeout) {
}
