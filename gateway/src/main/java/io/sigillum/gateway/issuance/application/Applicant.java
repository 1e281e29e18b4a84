package io.sigillum.gateway.issuance.application;

import io.sigillum.gateway.issuance.InvalidValueException;
import io.sigillum.gateway.issuance.application.ApplicantData.DocumentType;
import java.time.LocalDate;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The applicant as the stages after submission see it, parsed once from {@link ApplicantData}: every required field is
 * there, a Polish citizen has a PESEL that agrees with the date of birth and sex, and a foreigner identifies with a
 * passport or their own country's ID card. The rules that depend on the day or the product (expiry, accepted ID cards) stay with
 * {@link ApplicantDataValidator}.
 */
public record Applicant(String firstName, Optional<String> secondName, String surname, CountryCode citizenship,
        Optional<Pesel> pesel, Optional<Sex> sex, LocalDate dateOfBirth, String placeOfBirth,
        IdentityDocument identityDocument, PhoneNumber phone, EmailAddress email, Address address) {

    public Applicant {
        text(firstName, "firstName");
        secondName.ifPresent(second -> text(second, "secondName"));
        text(surname, "surname");
        text(placeOfBirth, "placeOfBirth");
        if (citizenship.isPoland() && pesel.isEmpty()) {
            throw new InvalidValueException("Required", "Polish citizens give their PESEL");
        }
        if (!citizenship.isPoland() && identityDocument.type() != DocumentType.PASSPORT
                && !identityDocument.issuingCountry().equals(citizenship)) {
            throw new InvalidValueException("PassportRequired",
                    "foreign applicants identify with a passport or an ID card of their own country");
        }
        if (pesel.isPresent() && !pesel.get().birthDate().equals(dateOfBirth)) {
            throw new InvalidValueException("BirthDateMismatch", "the PESEL encodes another date of birth");
        }
        if (pesel.isPresent() && sex.isPresent() && pesel.get().sex() != sex.get()) {
            throw new InvalidValueException("SexMismatch", "the PESEL encodes the other sex");
        }
    }

    /** An identity document: a national ID card or a passport. */
    public record IdentityDocument(DocumentType type, CountryCode issuingCountry, String seriesAndNumber,
            LocalDate expiryDate, String issuingAuthority) {

        public IdentityDocument {
            text(seriesAndNumber, "identityDocument.seriesAndNumber");
            text(issuingAuthority, "identityDocument.issuingAuthority");
        }
    }

    /** A postal address; only the flat number may be missing. */
    public record Address(String street, String buildingNumber, Optional<String> flatNumber, String postalCode,
            String city, CountryCode country) {

        public Address {
            text(street, "address.street");
            text(buildingNumber, "address.buildingNumber");
            flatNumber.ifPresent(flat -> text(flat, "address.flatNumber"));
            text(postalCode, "address.postalCode");
            text(city, "address.city");
        }

        /** Street, building/flat, postal code and city, as written on a letter. */
        public String lines() {
            String building = flatNumber.map(flat -> buildingNumber + "/" + flat).orElse(buildingNumber);
            return street + " " + building + ", " + postalCode + " " + city;
        }
    }

    /**
     * Parses data as the wizard received or the database stored them (normalised first); the first missing or wrong
     * field throws.
     */
    public static Applicant from(ApplicantData received) {
        ApplicantData data = received.normalised();
        ApplicantData.IdentityDocument document = required(data.identityDocument(), "identityDocument");
        ApplicantData.Address address = required(data.address(), "address");
        return new Applicant(required(data.firstName(), "firstName"), Optional.ofNullable(data.secondName()),
                required(data.surname(), "surname"), CountryCode.parse(required(data.citizenship(), "citizenship")),
                Optional.ofNullable(data.pesel()).map(Pesel::new), Optional.ofNullable(data.sex()),
                required(data.dateOfBirth(), "dateOfBirth"), required(data.placeOfBirth(), "placeOfBirth"),
                new IdentityDocument(required(document.type(), "identityDocument.type"),
                        CountryCode.parse(required(document.issuingCountry(), "identityDocument.issuingCountry")),
                        required(document.seriesAndNumber(), "identityDocument.seriesAndNumber"),
                        required(document.expiryDate(), "identityDocument.expiryDate"),
                        required(document.issuingAuthority(), "identityDocument.issuingAuthority")),
                PhoneNumber.parse(required(data.phone(), "phone")), new EmailAddress(required(data.email(), "email")),
                new Address(required(address.street(), "address.street"),
                        required(address.buildingNumber(), "address.buildingNumber"),
                        Optional.ofNullable(address.flatNumber()).filter(flat -> !flat.isBlank()).map(String::strip),
                        required(address.postalCode(), "address.postalCode"), required(address.city(), "address.city"),
                        CountryCode.parse(required(address.country(), "address.country"))));
    }

    /** First name, second name (if any) and surname. */
    public String fullName() {
        return givenNames() + " " + surname;
    }

    /** First and second name, as a certificate's givenName carries them. */
    public String givenNames() {
        return secondName.map(second -> firstName + " " + second).orElse(firstName);
    }

    private static <T> T required(@Nullable T value, String field) {
        if (value == null) {
            throw new InvalidValueException("Required", field + " is missing");
        }
        return value;
    }

    private static void text(String value, String field) {
        if (value.isBlank()) {
            throw new InvalidValueException("Required", field + " must not be blank");
        }
    }
}
