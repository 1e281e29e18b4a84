package io.sigillum.gateway.issuance.certificate;

import io.sigillum.signer.algorithm.KeyAlgorithm;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Issued certificates and their credentials.
 *
 * @param keyAlgorithm the algorithm of keys generated for applicants in the token
 * @param multisign signatures one authorization of an issued credential may cover
 * @param caThreads threads that may wait for the CA at once (CSR and certificate signing block on the pool)
 * @param reservationLease how long an issuance holds its claim on the application's credential; a retry after a crash
 *     takes the claim over once it is this old (longer than key generation and the CA ever take)
 * @param abandonedSweep how often each instance clears issuances abandoned past their lease and never retried
 *     ({@link AbandonedIssuances}); 0: never on its own
 */
@ConfigurationProperties("sigillum.certificate")
@Validated
public record CertificateProperties(@DefaultValue("EC_P256") @NotNull KeyAlgorithm keyAlgorithm,
        @DefaultValue("1000") @Min(1) int multisign,
        @DefaultValue("2") @Min(1) @Max(64) int caThreads,
        @DefaultValue("5m") @NotNull Duration reservationLease,
        @DefaultValue("5m") @NotNull Duration abandonedSweep) {
}
