package io.sigillum.gateway.csc.wire;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The CSC {@code CredentialInfo} object (v2 fields, plus the v1 {@code PIN}/{@code OTP} objects that older clients
 * read). {@code credentialID} is present inside {@code credentials/list} and absent from {@code credentials/info}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CredentialInfo(@Nullable String credentialID, String description, String signatureQualifier, Key key,
        Cert cert, @Nullable Auth auth, @Nullable String authMode, @JsonProperty("PIN") @Nullable Pin pin,
        @JsonProperty("OTP") @Nullable Otp otp, @JsonProperty("SCAL") String scal, int multisign, String lang) {

    /** The qualifier of every credential here: qualified electronic signatures under eIDAS. */
    public static final String QUALIFIED = "eu_eidas_qes";

    /** The same description, as an entry of a list. */
    public CredentialInfo withId(String id) {
        return new CredentialInfo(id, description, signatureQualifier, key, cert, auth, authMode, pin, otp, scal, multisign, lang);
    }

    /** The signing key: enabled or not, the algorithms it signs with, its size and curve. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Key(String status, List<String> algo, int len, @Nullable String curve) {
    }

    /** The certificate: its status, the certificates asked for, and its details when {@code certInfo} was asked. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Cert(@Nullable String status, @Nullable List<String> certificates, @Nullable String issuerDN,
            @Nullable String serialNumber, @Nullable String subjectDN, @Nullable String validFrom,
            @Nullable String validTo) {
    }

    /**
     * How the credential is authorized (CSC v2): the mode, always; the expression over the objects, and the objects, when
     * {@code authInfo} asked for them.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Auth(String mode, @Nullable String expression, @Nullable List<AuthObject> objects) {
    }

    /** One authorization object (the PIN, the SMS code). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record AuthObject(String type, String id, String format, @Nullable String generator, String label,
            String description) {
    }

    /** The v1 PIN object. */
    public record Pin(String presence, String format, String label) {
    }

    /** The v1 OTP object. */
    public record Otp(String presence, String type, String format, @JsonProperty("ID") String id, String provider,
            String label) {
    }
}
