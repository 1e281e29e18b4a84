package io.sigillum.gateway.ca;

import io.sigillum.gateway.web.PublicBaseUrl;
import io.sigillum.signer.ca.CertificateLocations;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * The URLs that certificates from the built-in CA carry: OCSP and caIssuers (AIA) and the CRL distribution point. Each
 * is {@code sigillum.ca.*-url} when configured, else the public base URL followed by the gateway's own path. Asked at
 * issuance, when there is no request: the configured public base URL, or the listening address.
 */
@Component
public final class CaLocations {

    /** Where the gateway publishes the issuing CA's current CRL (DER). */
    public static final String CRL_PATH = "/ca/crl";
    /** Where the gateway publishes the root CA's CRL (DER), when it holds the root key. */
    public static final String ROOT_CRL_PATH = "/ca/root.crl";
    /** Where the gateway's OCSP responder answers (POST, or GET with the request appended). */
    public static final String OCSP_PATH = "/ca/ocsp";
    /** Where the issuing CA certificate can be fetched (DER). */
    public static final String ISSUER_PATH = "/ca/issuing-ca.cer";
    /** Where the root CA certificate can be fetched (DER), when the chain ends in a self-signed root. */
    public static final String ROOT_PATH = "/ca/root-ca.cer";

    private final CaProperties properties;
    private final PublicBaseUrl baseUrl;

    CaLocations(CaProperties properties, PublicBaseUrl baseUrl) {
        this.properties = properties;
        this.baseUrl = baseUrl;
    }

    /** The locations for a certificate issued now. */
    public CertificateLocations now() {
        String base = baseUrl.base();
        return new CertificateLocations(Optional.of(properties.ocspUrl().orElse(base + OCSP_PATH)),
                Optional.of(properties.caIssuersUrl().orElse(base + ISSUER_PATH)),
                Optional.of(properties.crlUrl().orElse(base + CRL_PATH)));
    }

    /**
     * The locations the issuing CA's own certificate carries, when the gateway creates it: the root's CRL (the root's
     * certificate is the relying party's trust anchor, so it is not pointed to).
     */
    public CertificateLocations issuingCa() {
        return new CertificateLocations(Optional.empty(), Optional.empty(),
                Optional.of(properties.rootCrlUrl().orElse(baseUrl.base() + ROOT_CRL_PATH)));
    }
}
