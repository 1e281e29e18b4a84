package io.sigillum.gateway.issuance.verification;

import io.sigillum.gateway.issuance.application.Applicant;
import io.sigillum.gateway.issuance.application.Pesel;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What the identity vendor (or the consultant) read from the document, compared field by field with the application:
 * names (without case and diacritics), document number, expiry date and PESEL.
 */
public record DocumentData(@Nullable String firstName, @Nullable String surname, @Nullable String documentNumber,
        @Nullable LocalDate expiryDate, @Nullable String pesel, @Nullable String issuingCountry) {

    /** The document as the application states it (what a vendor that reads it right reports). */
    public static DocumentData of(Applicant applicant) {
        Applicant.IdentityDocument document = applicant.identityDocument();
        return new DocumentData(applicant.firstName(), applicant.surname(), document.seriesAndNumber(),
                document.expiryDate(), applicant.pesel().map(Pesel::value).orElse(null),
                document.issuingCountry().value());
    }

    /**
     * Whether a reader left out what the document carries: the names and the number, and on a Polish document (an ID card
     * or a passport) the PESEL, without which the PESEL the certificate will carry would be checked by nobody.
     */
    public boolean incomplete(Applicant applicant) {
        return firstName == null || surname == null || documentNumber == null
                || pesel == null && applicant.pesel().isPresent() && applicant.identityDocument().issuingCountry().isPoland();
    }

    /**
     * The names of the fields that differ from the application; empty when everything agrees. A field the reader did
     * not report (a consultant noting only the number, a passport without PESEL) is not compared.
     */
    public List<String> mismatches(Applicant applicant) {
        DocumentData stated = of(applicant);
        List<String> fields = new ArrayList<>();
        if (firstName != null && !PayerNameMatcher.words(firstName).equals(PayerNameMatcher.words(stated.firstName()))) {
            fields.add("firstName");
        }
        if (surname != null && !PayerNameMatcher.words(surname).equals(PayerNameMatcher.words(stated.surname()))) {
            fields.add("surname");
        }
        if (documentNumber != null && !Objects.equals(plain(documentNumber), plain(stated.documentNumber()))) {
            fields.add("documentNumber");
        }
        if (expiryDate != null && !Objects.equals(expiryDate, stated.expiryDate())) {
            fields.add("expiryDate");
        }
        if (pesel != null && !Objects.equals(pesel, stated.pesel())) {
            fields.add("pesel");
        }
        return fields;
    }

    private static @Nullable String plain(@Nullable String number) {
        return number == null ? null : number.replaceAll("\\s", "").toUpperCase(Locale.ROOT);
    }
}
