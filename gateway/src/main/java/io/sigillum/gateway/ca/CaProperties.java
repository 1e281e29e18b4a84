package io.sigillum.gateway.ca;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.util.Optional;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The built-in certificate authority.
 *
 * @param rootKeyAlias the root CA key in the token
 * @param issuingKeyAlias the issuing CA key in the token (its stored chain is issuing first, root last)
 * @param createIfMissing create a root and an issuing CA on first start (refused in prod: load configured keys there)
 * @param organisation O of the CA names
 * @param country C of the CA names
 * @param validity lifetime of created CA certificates
 * @param pdsUrl the PKI disclosure statement named in QcPDS
 * @param ocspUrl OCSP responder for AIA; unset: the public base URL + {@code /ca/ocsp} (the gateway's own responder)
 * @param caIssuersUrl where the issuing CA certificate can be fetched; unset: the public base URL + {@code /ca/issuing-ca.cer}
 * @param crlUrl CRL distribution point; unset: the public base URL + {@code /ca/crl}
 * @param rootCrlUrl the root's CRL, the distribution point in the issuing CA's certificate when the gateway creates it;
 *        unset: the public base URL + {@code /ca/root.crl}
 */
@ConfigurationProperties("sigillum.ca")
@Validated
public record CaProperties(@DefaultValue("ca-root") @NotBlank String rootKeyAlias,
        @DefaultValue("ca-issuing") @NotBlank String issuingKeyAlias,
        @DefaultValue("true") boolean createIfMissing,
        @DefaultValue("Sigillum Test QTSP") @NotBlank String organisation,
        @DefaultValue("PL") @NotBlank String country,
        @DefaultValue("3650d") @NotNull Duration validity,
        @DefaultValue("https://sigillum.example/pds/pds_en.pdf") @NotBlank String pdsUrl,
        @DefaultValue Optional<String> ocspUrl, @DefaultValue Optional<String> caIssuersUrl,
        @DefaultValue Optional<String> crlUrl, @DefaultValue Optional<String> rootCrlUrl) {
}
