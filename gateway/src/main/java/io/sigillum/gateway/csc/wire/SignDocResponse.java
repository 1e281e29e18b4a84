package io.sigillum.gateway.csc.wire;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The answer of {@code signatures/signDoc}: the signed documents (or detached signatures) Base64, in the order of the
 * request, and the validation data when asked for.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SignDocResponse(@JsonProperty("DocumentWithSignature") @Nullable List<String> documentWithSignature,
        @JsonProperty("SignatureObject") @Nullable List<String> signatureObject, @Nullable ValidationInfo validationInfo) {

    /** Certificates (DER, Base64) of the signer's chain and of the timestamp units; OCSP responses and CRLs once revocation lands. */
    public record ValidationInfo(List<String> ocsp, List<String> crl, List<String> certificates) {
    }
}
