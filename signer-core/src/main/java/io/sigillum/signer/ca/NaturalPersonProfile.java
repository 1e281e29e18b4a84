package io.sigillum.signer.ca;

import io.sigillum.signer.InvalidInputException;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Instant;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What goes into a qualified certificate for a natural person (ETSI EN 319 412-2): the subject names, the
 * semantics-identifier serial number ({@code PNOPL-84042003432}, {@code PASDE-C01X00T47}), validity, the certificate
 * policy (default QCP-n-qscd), the PKI disclosure statement URL and the optional AIA/CRL locations.
 */
public record NaturalPersonProfile(String country, String givenName, String surname, String commonName,
        String serialNumber, Instant notBefore, Instant notAfter, String policyOid, String pdsUrl,
        Optional<String> ocspUrl, Optional<String> caIssuersUrl, Optional<String> crlUrl) {

    /** QCP-n-qscd: qualified certificate for a natural person with the key in a QSCD. */
    public static final String QCP_N_QSCD = "0.4.0.194112.1.2";

    private static final Pattern COUNTRY = Pattern.compile("[A-Z]{2}");
    private static final Pattern SEMANTICS_ID = Pattern.compile("(PAS|IDC|PNO|TIN)[A-Z]{2}-[A-Za-z0-9.\\-]{1,40}");
    private static final Pattern OID = Pattern.compile("[0-2](\\.(0|[1-9][0-9]*))+");
    private static final int MAX_NAME = 64;

    public NaturalPersonProfile {
        require(COUNTRY.matcher(country).matches(), "country must be two capital letters");
        requireName(givenName, "givenName");
        requireName(surname, "surname");
        requireName(commonName, "commonName");
        require(SEMANTICS_ID.matcher(serialNumber).matches(),
                "serialNumber must be an ETSI semantics identifier such as PNOPL-84042003432");
        require(notAfter.isAfter(notBefore), "notAfter must be after notBefore");
        require(OID.matcher(policyOid).matches(), "policyOid is not an OID");
        requireUrl(pdsUrl, "pdsUrl");
        checkUrls(ocspUrl, caIssuersUrl, crlUrl);
    }

    /** A profile with the default policy and no AIA/CRL locations. */
    public static NaturalPersonProfile of(String country, String givenName, String surname, String serialNumber,
            Instant notBefore, Instant notAfter, String pdsUrl) {
        return new NaturalPersonProfile(country, givenName, surname, givenName + " " + surname, serialNumber, notBefore,
                notAfter, QCP_N_QSCD, pdsUrl, Optional.empty(), Optional.empty(), Optional.empty());
    }

    public NaturalPersonProfile withLocations(Optional<String> ocsp, Optional<String> caIssuers, Optional<String> crl) {
        return new NaturalPersonProfile(country, givenName, surname, commonName, serialNumber, notBefore, notAfter,
                policyOid, pdsUrl, ocsp, caIssuers, crl);
    }

    /** The locations as a value of their own (for certificates that are not a natural person's). */
    public CertificateLocations locations() {
        return new CertificateLocations(ocspUrl, caIssuersUrl, crlUrl);
    }

    static void checkUrls(Optional<String> ocspUrl, Optional<String> caIssuersUrl, Optional<String> crlUrl) {
        ocspUrl.ifPresent(url -> requireUrl(url, "ocspUrl"));
        caIssuersUrl.ifPresent(url -> requireUrl(url, "caIssuersUrl"));
        crlUrl.ifPresent(url -> requireUrl(url, "crlUrl"));
    }

    private static void requireName(String value, String field) {
        require(!value.isBlank() && value.length() <= MAX_NAME, field + " must be 1-" + MAX_NAME + " characters");
    }

    private static void requireUrl(String value, String field) {
        try {
            URI uri = new URI(value);
            require("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()), field + " must be http(s)");
            require(value.chars().allMatch(c -> c < 128), field + " must be ASCII");
        } catch (URISyntaxException e) {
            throw new InvalidInputException(field + " is not a URL");
        }
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new InvalidInputException(message);
        }
    }
}
