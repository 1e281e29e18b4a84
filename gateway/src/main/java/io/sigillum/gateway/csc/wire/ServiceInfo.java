package io.sigillum.gateway.csc.wire;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * The answer of {@code info} (CSC 2.2.0.0 §11.1): what this remote signing service is, how clients authorize with it,
 * and which methods, algorithms, formats and hash types it offers.
 *
 * @param oauth2Issuer the RFC 8414 issuer of the authorization server (its metadata at
 *        {@code /.well-known/oauth-authorization-server}); CSC allows exactly one of {@code oauth2},
 *        {@code oauth2Issuer} and {@code oauth2Servers}
 * @param supportsRar whether the authorization server takes RFC 9396 {@code authorization_details}
 */
public record ServiceInfo(String specs, String name, String logo, String region, String lang, String description,
        List<String> authType, String oauth2Issuer, boolean supportsRar, boolean asynchronousOperationMode,
        List<String> methods, boolean validationInfo, SignAlgorithms signAlgorithms,
        @JsonProperty("signature_formats") SignatureFormats signatureFormats,
        @JsonProperty("conformance_levels") List<String> conformanceLevels, List<String> supportedHashTypes) {

    /** The signature algorithms offered, by OID. */
    public record SignAlgorithms(List<String> algos) {
    }

    /** The signature formats offered (C, X, P, J) and, per format, its envelope properties. */
    public record SignatureFormats(List<String> formats,
            @JsonProperty("envelope_properties") List<List<String>> envelopeProperties) {
    }
}
