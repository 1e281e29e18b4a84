package io.sigillum.signer.ca;

import java.util.Optional;

/**
 * Where relying parties find revocation data and the issuer of a certificate: the OCSP responder and the issuing CA
 * certificate (AIA), and the CRL distribution point. Each is an http(s) URL when present.
 */
public record CertificateLocations(Optional<String> ocspUrl, Optional<String> caIssuersUrl, Optional<String> crlUrl) {

    public CertificateLocations {
        // the natural-person profile holds the same three fields and checks them the same way
        NaturalPersonProfile.checkUrls(ocspUrl, caIssuersUrl, crlUrl);
    }

    /** No locations: relying parties must get revocation data some other way. */
    public static CertificateLocations none() {
        return new CertificateLocations(Optional.empty(), Optional.empty(), Optional.empty());
    }
}
