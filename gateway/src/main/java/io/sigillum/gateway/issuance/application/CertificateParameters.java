package io.sigillum.gateway.issuance.application;

import io.sigillum.gateway.issuance.product.VerificationMethod;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.LocalDate;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * The first step of the wizard: when the certificate becomes valid, the virtual card's name, the documents' language and
 * how the applicant will prove identity. Fields are nullable as received; {@link ApplicantDataValidator} reports each
 * missing or wrong one.
 *
 * @param validityStart {@code IMMEDIATELY} after activation, or {@code FROM_DATE}
 * @param validFrom the first day of validity, with {@code FROM_DATE} only
 * @param cardName the SimplySign-style label of the virtual card (optional, up to 64 characters)
 * @param documentLanguage language of the statement and terms
 * @param verificationMethod one of the product's methods
 */
public record CertificateParameters(
        @Schema(example = "IMMEDIATELY", requiredMode = Schema.RequiredMode.REQUIRED) @Nullable ValidityStart validityStart,
        @Schema(example = "2026-12-01", description = "Required with FROM_DATE, else absent", types = {"string", "null"})
        @Nullable LocalDate validFrom,
        @Schema(example = "Jan Nowak") @Nullable String cardName,
        @Schema(example = "pl", requiredMode = Schema.RequiredMode.REQUIRED) @Nullable DocumentLanguage documentLanguage,
        @Schema(example = "MOBILE_SELF_ID", requiredMode = Schema.RequiredMode.REQUIRED)
        @Nullable VerificationMethod verificationMethod) {

    /** When the certificate's validity starts. */
    public enum ValidityStart { IMMEDIATELY, FROM_DATE }

    /** The language of the generated documents. */
    public enum DocumentLanguage {
        pl, en;

        public Locale locale() {
            return Locale.of(name());
        }
    }
}
