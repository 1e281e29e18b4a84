package io.sigillum.gateway.issuance.application;

import io.sigillum.gateway.issuance.PdfRendering;
import io.sigillum.gateway.issuance.InvalidValueException;
import io.sigillum.gateway.issuance.application.ApplicantData.DocumentType;
import io.sigillum.gateway.issuance.application.CertificateParameters.ValidityStart;
import io.sigillum.gateway.issuance.product.Product;
import io.sigillum.gateway.issuance.product.VerificationMethod;
import io.sigillum.gateway.web.InputRules;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The rules the seeds give for certificate parameters and applicant data, each failure reported as a {@link FieldError}
 * (all of them at once, not the first only). Pure: today's date is passed in.
 */
public final class ApplicantDataValidator {

    static final int MAX_NAME = 64;
    private static final int MAX_TEXT = 128;
    private static final int MAX_DAYS_AHEAD = 90;
    /**
     * The age from which a person may be a subscriber: a qualified certificate comes with a contract (the terms the
     * statement accepts), and only an adult has the full legal capacity to make one alone (Kodeks cywilny, art. 11–12
     * and 17: a minor's contract needs the consent of a legal representative the gateway cannot check).
     */
    static final int MIN_AGE = 18;
    /** Older than anybody alive: a date of birth before this many years ago is a typing error. */
    private static final int MAX_AGE = 130;
    /** Markup characters: the data are printed as text in the statement and e-mails, where they have no place. */
    private static final Pattern MARKUP = Pattern.compile("[<>]");
    /**
     * Three combining marks on one letter: written in decomposed form, no alphabet needs more than two (Vietnamese "ệ" is
     * e, a dot below and a circumflex), and a stack of them prints over the lines around it.
     */
    private static final Pattern STACKED_MARKS = Pattern.compile("\\p{M}{3,}");
    private static final Pattern NAME = Pattern.compile("[\\p{L}][\\p{L}\\p{M} '\\-]*");
    private static final Pattern CARD_NAME = Pattern.compile("[\\p{L}\\p{N} ._\\-]+");
    private static final Pattern DOCUMENT_NUMBER = Pattern.compile("[A-Z0-9]{5,20}");
    private static final Pattern POLISH_ID_CARD = Pattern.compile("[A-Z]{3}\\d{6}");
    private static final Pattern POLISH_POSTAL_CODE = Pattern.compile("\\d{2}-\\d{3}");

    private ApplicantDataValidator() {
    }

    public static List<FieldError> certificateParameters(CertificateParameters parameters, Product product,
            LocalDate today) {
        Errors errors = new Errors("certificateParameters.");
        if (parameters.validityStart() == null) {
            errors.add("validityStart", "Required", "choose IMMEDIATELY or FROM_DATE");
        } else if (parameters.validityStart() == ValidityStart.FROM_DATE) {
            if (parameters.validFrom() == null) {
                errors.add("validFrom", "Required", "give the first day of validity");
            } else if (parameters.validFrom().isBefore(today)
                    || parameters.validFrom().isAfter(today.plusDays(MAX_DAYS_AHEAD))) {
                errors.add("validFrom", "OutOfRange", "must be between today and " + MAX_DAYS_AHEAD + " days ahead");
            }
        } else if (parameters.validFrom() != null) {
            errors.add("validFrom", "NotAllowed", "only with FROM_DATE");
        }
        if (parameters.cardName() != null && !parameters.cardName().isBlank()) {
            if (parameters.cardName().length() > MAX_NAME) {
                errors.add("cardName", "TooLong", "at most " + MAX_NAME + " characters");
            } else if (!CARD_NAME.matcher(parameters.cardName()).matches()) {
                errors.add("cardName", "InvalidCharacters", "letters, digits, spaces, dots, dashes and underscores only");
            } else if (!PdfRendering.canPrint(parameters.cardName())) {
                // the statement the applicant signs names the card
                errors.add("cardName", "Unprintable", "contains a character the documents cannot print");
            }
        }
        if (parameters.documentLanguage() == null) {
            errors.add("documentLanguage", "Required", "pl or en");
        }
        if (parameters.verificationMethod() == null) {
            errors.add("verificationMethod", "Required", "one of " + product.verificationMethods());
        } else if (!product.verificationMethods().contains(parameters.verificationMethod())) {
            errors.add("verificationMethod", "NotOffered", "this product offers " + product.verificationMethods());
        }
        return errors.list();
    }

    /**
     * @param method the chosen verification method; when not chosen yet, an ID card is checked against every method the
     *     product offers (and checked again on submission)
     */
    public static List<FieldError> applicantData(ApplicantData data, Product product,
            Optional<VerificationMethod> method, LocalDate today) {
        Errors errors = new Errors("applicantData.");
        Optional<CountryCode> citizenship = country(errors, "citizenship", data.citizenship());
        boolean polish = citizenship.filter(CountryCode::isPoland).isPresent();
        name(errors, "firstName", data.firstName(), true, polish);
        name(errors, "secondName", data.secondName(), false, polish);
        name(errors, "surname", data.surname(), true, polish);
        certificateNames(errors, data);
        birth(errors, data, today);
        pesel(errors, data, polish);
        document(errors, data.identityDocument(), citizenship, product, method, today);
        contact(errors, data);
        address(errors, data.address());
        if (errors.list().isEmpty()) {
            // the later stages parse the data into an Applicant: data this validator passes must parse
            parsed(errors, "", () -> Applicant.from(data));
        }
        return errors.list();
    }

    /**
     * The names as the certificate will carry them, each at most {@value #MAX_NAME} characters (RFC 5280's upper bound
     * of a common name): the given names (first and second) and the common name (given names and surname), all of one
     * script as each name is. Told now, not when the certificate is made, after payment and identity verification.
     */
    private static void certificateNames(Errors errors, ApplicantData data) {
        if (!errors.list().isEmpty() || data.firstName() == null || data.surname() == null) {
            return;
        }
        String second = data.secondName() == null || data.secondName().isBlank() ? "" : " " + data.secondName().strip();
        String givenNames = data.firstName().strip() + second;
        if (givenNames.length() > MAX_NAME) {
            errors.add("secondName", "TooLongForCertificate", "first and second name together: at most " + MAX_NAME
                    + " characters on the certificate");
        } else if (givenNames.length() + 1 + data.surname().strip().length() > MAX_NAME) {
            errors.add("surname", "TooLongForCertificate", "the full name (given names and surname): at most " + MAX_NAME
                    + " characters on the certificate");
        } else if (!oneScript(givenNames + data.surname())) {
            errors.add("surname", "MixedScripts", "the given names and the surname in one alphabet, as the identity "
                    + "document writes them");
        }
    }

    private static void name(Errors errors, String field, @Nullable String value, boolean required, boolean polish) {
        if (value == null || value.isBlank()) {
            if (required) {
                errors.add(field, "Required", "must not be blank");
            }
            return;
        }
        if (value.length() > MAX_NAME) {
            errors.add(field, "TooLong", "at most " + MAX_NAME + " characters");
        } else if (!NAME.matcher(value).matches()) {
            errors.add(field, "InvalidCharacters", "letters, spaces, apostrophes and hyphens only");
        } else if (STACKED_MARKS.matcher(value).find()) {
            errors.add(field, "InvalidCharacters", "at most two accents on one letter");
        } else if (!polish && !latinOnly(value)) {
            errors.add(field, "NotLatin", "foreign applicants write names in Latin characters only");
        } else if (!oneScript(value)) {
            errors.add(field, "MixedScripts", "letters of one alphabet only: a name that mixes, say, Latin and Cyrillic "
                    + "letters looks like another name and is on no identity document");
        } else if (!PdfRendering.canPrint(value)) {
            errors.add(field, "Unprintable", "contains a character the documents cannot print");
        }
    }

    /**
     * Whether every letter is of one script (Unicode TR 39's single-script test): "Jаn" with a Cyrillic "а" reads as "Jan"
     * to a person and is another name to a machine, so a certificate made for it would pass for someone else's.
     */
    private static boolean oneScript(String value) {
        return value.codePoints().filter(Character::isLetter).mapToObj(Character.UnicodeScript::of).distinct().count() <= 1;
    }

    private static boolean latinOnly(String value) {
        return value.codePoints().allMatch(c -> !Character.isLetter(c)
                || Character.UnicodeScript.of(c) == Character.UnicodeScript.LATIN);
    }

    private static void birth(Errors errors, ApplicantData data, LocalDate today) {
        if (data.dateOfBirth() == null) {
            errors.add("dateOfBirth", "Required", "the date of birth");
        } else if (!data.dateOfBirth().isBefore(today)) {
            errors.add("dateOfBirth", "NotInPast", "must be in the past");
        } else if (data.dateOfBirth().isAfter(today.minusYears(MIN_AGE))) {
            errors.add("dateOfBirth", "Underage", "the applicant must be at least " + MIN_AGE
                    + " years old: only an adult may accept the terms of a qualified certificate alone");
        } else if (data.dateOfBirth().isBefore(today.minusYears(MAX_AGE))) {
            errors.add("dateOfBirth", "Implausible", "more than " + MAX_AGE + " years ago: check the year");
        }
        text(errors, "placeOfBirth", data.placeOfBirth(), MAX_NAME);
    }

    private static void pesel(Errors errors, ApplicantData data, boolean polish) {
        if (data.pesel() == null || data.pesel().isBlank()) {
            if (polish) {
                errors.add("pesel", "Required", "Polish citizens give their PESEL");
            }
            return;
        }
        String text = data.pesel().strip();
        parsed(errors, "pesel", () -> new Pesel(text)).ifPresent(pesel -> {
            if (data.dateOfBirth() != null && !pesel.birthDate().equals(data.dateOfBirth())) {
                errors.add("pesel", "BirthDateMismatch", "the PESEL encodes another date of birth");
            }
            if (data.sex() != null && pesel.sex() != data.sex()) {
                errors.add("pesel", "SexMismatch", "the PESEL encodes the other sex");
            }
        });
    }

    private static void document(Errors errors, ApplicantData.@Nullable IdentityDocument document, Optional<CountryCode> citizenship,
            Product product, Optional<VerificationMethod> method, LocalDate today) {
        if (document == null) {
            errors.add("identityDocument", "Required", "an ID card or a passport");
            return;
        }
        String country = country(errors, "identityDocument.issuingCountry", document.issuingCountry())
                .map(CountryCode::value).orElse(null);
        if (document.type() == null) {
            errors.add("identityDocument.type", "Required", "ID_CARD or PASSPORT");
        } else if (document.type() == DocumentType.ID_CARD) {
            // a foreigner may show their own country's ID card where the verification reads it (a German's, for the
            // mobile self-identification), else a passport
            boolean polish = citizenship.filter(CountryCode::isPoland).isPresent();
            boolean ownCountrys = citizenship.map(CountryCode::value).filter(value -> value.equals(country)).isPresent();
            if (!polish && country != null && !ownCountrys) {
                errors.add("identityDocument.type", "PassportRequired", "foreign applicants identify with a passport, or "
                        + "with an ID card of their own country where this verification accepts it");
            } else if (country != null && !idCardCountries(product, method).contains(country)) {
                errors.add("identityDocument.issuingCountry", "CountryNotAllowed",
                        "ID cards are accepted from " + idCardCountries(product, method) + " for this verification");
            }
        }
        String number = document.seriesAndNumber() == null ? null
                : document.seriesAndNumber().replaceAll("\\s", "").toUpperCase(Locale.ROOT);
        if (number == null || number.isEmpty()) {
            errors.add("identityDocument.seriesAndNumber", "Required", "series and number");
        } else if (!DOCUMENT_NUMBER.matcher(number).matches()) {
            errors.add("identityDocument.seriesAndNumber", "InvalidFormat", "5 to 20 letters and digits");
        } else if (document.type() == DocumentType.ID_CARD && "PL".equals(country)) {
            polishIdCard(errors, number);
        }
        if (document.expiryDate() == null) {
            errors.add("identityDocument.expiryDate", "Required", "the document's expiry date");
        } else if (!document.expiryDate().isAfter(today)) {
            errors.add("identityDocument.expiryDate", "NotInFuture", "the document has expired");
        }
        text(errors, "identityDocument.issuingAuthority", document.issuingAuthority(), MAX_TEXT);
    }

    private static Set<String> idCardCountries(Product product, Optional<VerificationMethod> method) {
        return method.map(VerificationMethod::idCardCountries).orElseGet(() -> product.verificationMethods().stream()
                .flatMap(m -> m.idCardCountries().stream()).collect(java.util.stream.Collectors.toCollection(TreeSet::new)));
    }

    /** Polish ID cards: three letters (A=10 … Z=35), a check digit, five digits; weights 7,3,1 over the rest. */
    private static void polishIdCard(Errors errors, String number) {
        if (!POLISH_ID_CARD.matcher(number).matches()) {
            errors.add("identityDocument.seriesAndNumber", "InvalidFormat", "a Polish ID card number is ABC123456");
            return;
        }
        int[] weights = {7, 3, 1, 0, 7, 3, 1, 7, 3};
        int sum = 0;
        for (int i = 0; i < 9; i++) {
            sum += weights[i] * Character.getNumericValue(number.charAt(i));
        }
        if (sum % 10 != Character.getNumericValue(number.charAt(3))) {
            errors.add("identityDocument.seriesAndNumber", "InvalidChecksum", "this ID card number's check digit is wrong");
        }
    }

    private static void contact(Errors errors, ApplicantData data) {
        if (data.phone() == null || data.phone().isBlank()) {
            errors.add("phone", "Required", "a mobile number in E.164, e.g. +48605935754");
        } else {
            String phone = data.phone();
            parsed(errors, "phone", () -> PhoneNumber.parse(phone));
        }
        if (data.email() == null || data.email().isBlank()) {
            errors.add("email", "Required", "an individual e-mail address");
        } else {
            String email = data.email();
            parsed(errors, "email", () -> new EmailAddress(email));
        }
    }

    private static void address(Errors errors, ApplicantData.@Nullable Address address) {
        if (address == null) {
            errors.add("address", "Required", "the applicant's address");
            return;
        }
        text(errors, "address.street", address.street(), MAX_TEXT);
        text(errors, "address.buildingNumber", address.buildingNumber(), 16);
        if (address.flatNumber() != null && !address.flatNumber().isBlank()) {
            text(errors, "address.flatNumber", address.flatNumber(), 16);
        }
        text(errors, "address.city", address.city(), MAX_NAME);
        boolean polish = country(errors, "address.country", address.country()).filter(CountryCode::isPoland).isPresent();
        text(errors, "address.postalCode", address.postalCode(), 16);
        if (polish && address.postalCode() != null
                && !POLISH_POSTAL_CODE.matcher(address.postalCode()).matches()) {
            errors.add("address.postalCode", "InvalidFormat", "a Polish postal code is NN-NNN");
        }
    }

    private static void text(Errors errors, String field, @Nullable String value, int max) {
        if (value == null || value.isBlank()) {
            errors.add(field, "Required", "must not be blank");
        } else if (value.length() > max) {
            errors.add(field, "TooLong", "at most " + max + " characters");
        } else if (!InputRules.showsAsWritten(value)) {
            // a right-to-left override or a control character would make the statement's PDF show other text
            errors.add(field, "InvalidCharacters", "must not contain control or formatting characters");
        } else if (STACKED_MARKS.matcher(value).find()) {
            errors.add(field, "InvalidCharacters", "at most two accents on one letter");
        } else if (MARKUP.matcher(value).find()) {
            errors.add(field, "InvalidCharacters", "must not contain < or >: an address or a place has no markup");
        } else if (!PdfRendering.canPrint(value)) {
            // the statement the applicant signs shows the data as entered, or not at all
            errors.add(field, "Unprintable", "contains a character the documents cannot print (e.g. an emoji)");
        }
    }

    private static Optional<CountryCode> country(Errors errors, String field, @Nullable String value) {
        if (value == null || value.isBlank()) {
            errors.add(field, "Required", "ISO 3166-1 alpha-2 country code");
            return Optional.empty();
        }
        return parsed(errors, field, () -> CountryCode.parse(value));
    }

    /** The value, or empty with the reason it cannot exist reported under {@code field}. */
    private static <T> Optional<T> parsed(Errors errors, String field, Supplier<T> parse) {
        try {
            return Optional.of(parse.get());
        } catch (InvalidValueException e) {
            errors.add(field, e.code(), e.getMessage());
            return Optional.empty();
        }
    }

    /** Collects errors under a path prefix. */
    private static final class Errors {

        private final String prefix;
        private final List<FieldError> list = new ArrayList<>();

        Errors(String prefix) {
            this.prefix = prefix;
        }

        void add(String field, String code, String message) {
            list.add(new FieldError(prefix + field, code, message));
        }

        List<FieldError> list() {
            return List.copyOf(list);
        }
    }
}
