package io.sigillum.gateway.revocation;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Revocation data of the built-in CA.
 *
 * @param crlValidity how far a CRL's nextUpdate lies after its thisUpdate
 * @param crlRefreshBefore a CRL is republished (same content, new number) once its nextUpdate is this close
 * @param crlCheckInterval how often each instance looks whether the CRL is due for republishing
 * @param ocspValidity how far an OCSP answer's nextUpdate lies after its thisUpdate
 * @param ocspCacheTtl how long an instance reuses a signed answer to the same request without a nonce (a revocation
 *        clears the instance's own cache at once; the HTTP {@code max-age} of GET answers and CRLs is the same, or
 *        less where the answer's nextUpdate comes sooner); shorter than {@code ocspValidity}
 * @param ocspMaxRequestSize the largest OCSP request read; a bigger one gets {@code malformedRequest}
 * @param ocspMaxCertificates certificates one OCSP request may ask about
 * @param ocspKeyAlias the OCSP responder's key in the token (its stored chain: responder, issuing CA, root); created with
 *        its certificate from the built-in CA on first start when the CA may create keys
 * @param ocspCommonName CN of the responder's certificate (C and O are the CA's)
 * @param ocspCertificateValidity lifetime of a created responder certificate (never beyond the issuing CA's)
 * @param threads threads that sign OCSP answers and CRLs (each waits on the signing pool)
 * @param queueCapacity signing work waiting for such a thread before new requests are refused (503 + Retry-After)
 */
@ConfigurationProperties("sigillum.revocation")
@Validated
public record RevocationProperties(@DefaultValue("24h") @NotNull Duration crlValidity,
        @DefaultValue("6h") @NotNull Duration crlRefreshBefore,
        @DefaultValue("1m") @NotNull Duration crlCheckInterval,
        @DefaultValue("5m") @NotNull Duration ocspValidity,
        @DefaultValue("10s") @NotNull Duration ocspCacheTtl,
        @DefaultValue("8KB") @NotNull DataSize ocspMaxRequestSize,
        @DefaultValue("16") @Min(1) int ocspMaxCertificates,
        @DefaultValue("ocsp") @NotBlank String ocspKeyAlias,
        @DefaultValue("Sigillum Test QTSP OCSP Responder") @NotBlank String ocspCommonName,
        @DefaultValue("365d") @NotNull Duration ocspCertificateValidity,
        @DefaultValue("2") @Min(1) int threads,
        @DefaultValue("256") @Min(1) int queueCapacity) {

    public RevocationProperties {
        // a cached answer is served for up to the cache's lifetime: it must still be current then (RFC 6960 §4.2.2.1)
        if (ocspCacheTtl != null && ocspValidity != null && ocspCacheTtl.compareTo(ocspValidity) >= 0) {
            throw new IllegalArgumentException("sigillum.revocation.ocsp-cache-ttl (" + ocspCacheTtl
                    + ") must be shorter than sigillum.revocation.ocsp-validity (" + ocspValidity + ")");
        }
    }
}
