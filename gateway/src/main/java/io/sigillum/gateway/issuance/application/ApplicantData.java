package io.sigillum.gateway.issuance.application;

import io.swagger.v3.oas.annotations.media.Schema;
import java.time.LocalDate;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * The applicant's personal data, as in the identity document to be shown. Fields are nullable as received;
 * {@link ApplicantDataValidator} reports each missing or wrong one with its JSON path.
 */
public record ApplicantData(
        @Schema(example = "Jan", requiredMode = Schema.RequiredMode.REQUIRED) @Nullable String firstName,
        @Schema(example = "Adam") @Nullable String secondName,
        @Schema(example = "Nowak", requiredMode = Schema.RequiredMode.REQUIRED) @Nullable String surname,
        @Schema(example = "PL", description = "ISO 3166-1 alpha-2", requiredMode = Schema.RequiredMode.REQUIRED)
        @Nullable String citizenship,
        @Schema(example = "84042003432", description = "Required for Polish citizens") @Nullable String pesel,
        @Schema(example = "MALE") @Nullable Sex sex,
        @Schema(example = "1984-04-20", requiredMode = Schema.RequiredMode.REQUIRED) @Nullable LocalDate dateOfBirth,
        @Schema(example = "Szczecin", requiredMode = Schema.RequiredMode.REQUIRED) @Nullable String placeOfBirth,
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED) @Nullable IdentityDocument identityDocument,
        @Schema(example = "+48605935754", description = "E.164", requiredMode = Schema.RequiredMode.REQUIRED)
        @Nullable String phone,
        @Schema(example = "jan.nowak@example.com", requiredMode = Schema.RequiredMode.REQUIRED) @Nullable String email,
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED) @Nullable Address address) {

    /** An identity document: a national ID card or a passport. */
    public record IdentityDocument(
            @Schema(example = "ID_CARD") @Nullable DocumentType type,
            @Schema(example = "PL") @Nullable String issuingCountry,
            @Schema(example = "ALU842672") @Nullable String seriesAndNumber,
            @Schema(example = "2030-12-31") @Nullable LocalDate expiryDate,
            @Schema(example = "Prezydent Szczecina") @Nullable String issuingAuthority) {

        /** Whether this names the same document as {@code other}: its number and issuing country, however spaced or cased. */
        public boolean sameDocumentAs(IdentityDocument other) {
            String number = documentNumber(seriesAndNumber);
            return number != null && number.equals(documentNumber(other.seriesAndNumber()))
                    && upper(issuingCountry) != null && upper(issuingCountry).equals(upper(other.issuingCountry()));
        }
    }

    /** The data as stored: blanks dropped, text stripped, country codes and the document number upper-case, the phone in E.164. */
    ApplicantData normalised() {
        return new ApplicantData(strip(firstName), strip(secondName), strip(surname), upper(citizenship), strip(pesel),
                sex, dateOfBirth, strip(placeOfBirth),
                identityDocument == null ? null : new IdentityDocument(identityDocument.type(),
                        upper(identityDocument.issuingCountry()),
                        documentNumber(identityDocument.seriesAndNumber()),
                        identityDocument.expiryDate(), strip(identityDocument.issuingAuthority())),
                phone == null ? null : PhoneNumber.parse(phone).value(), strip(email), address);
    }

    /** The same data with another identity document (a new one after an invalid one). */
    ApplicantData withIdentityDocument(IdentityDocument document) {
        return new ApplicantData(firstName, secondName, surname, citizenship, pesel, sex, dateOfBirth, placeOfBirth,
                document, phone, email, address);
    }

    private static @Nullable String strip(@Nullable String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    /** A document number as stored: without spaces, upper-case. */
    private static @Nullable String documentNumber(@Nullable String value) {
        return value == null ? null : value.replaceAll("\\s", "").toUpperCase(Locale.ROOT);
    }

    private static @Nullable String upper(@Nullable String value) {
        return value == null || value.isBlank() ? null : value.strip().toUpperCase(Locale.ROOT);
    }

    /** The kind of identity document. */
    public enum DocumentType { ID_CARD, PASSPORT }

    /** A postal address. */
    public record Address(
            @Schema(example = "Królowej Korony Polskiej") @Nullable String street,
            @Schema(example = "21") @Nullable String buildingNumber,
            @Schema(example = "222") @Nullable String flatNumber,
            @Schema(example = "70-486") @Nullable String postalCode,
            @Schema(example = "Szczecin") @Nullable String city,
            @Schema(example = "PL") @Nullable String country) {
    }
}
