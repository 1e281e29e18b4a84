package io.sigillum.gateway.issuance.application;

import static org.assertj.core.api.Assertions.assertThat;

import io.sigillum.gateway.issuance.application.ApplicantData.Address;
import io.sigillum.gateway.issuance.application.ApplicantData.DocumentType;
import io.sigillum.gateway.issuance.application.ApplicantData.IdentityDocument;
import io.sigillum.gateway.issuance.application.CertificateParameters.DocumentLanguage;
import io.sigillum.gateway.issuance.application.CertificateParameters.ValidityStart;
import io.sigillum.gateway.issuance.product.Product;
import io.sigillum.gateway.issuance.product.VerificationMethod;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ApplicantDataValidatorTests {

    static final LocalDate TODAY = LocalDate.of(2026, 11, 24);
    static final Product PRODUCT = new Product("CQS-1Y", "Cloud qualified signature 1 year",
            "Kwalifikowany podpis w chmurze na 1 rok", 12,
            List.of(VerificationMethod.MOBILE_SELF_ID, VerificationMethod.VIDEO_CALL), false);
    static final Optional<VerificationMethod> SELF_ID = Optional.of(VerificationMethod.MOBILE_SELF_ID);

    static ApplicantData polish() {
        return new ApplicantData("Jan", "Adam", "Nowak", "PL", "84042003432", Sex.MALE, LocalDate.of(1984, 4, 20),
                "Szczecin", new IdentityDocument(DocumentType.ID_CARD, "PL", "ALU842672", TODAY.plusYears(4),
                        "Prezydent Szczecina"),
                "+48605935754", "jan.nowak@example.com",
                new Address("Królowej Korony Polskiej", "21", "222", "70-486", "Szczecin", "PL"));
    }

    static ApplicantData foreigner() {
        return new ApplicantData("Hans", null, "Müller", "DE", null, null, LocalDate.of(1980, 1, 2), "Berlin",
                new IdentityDocument(DocumentType.PASSPORT, "DE", "C01X00T47", TODAY.plusYears(2), "Stadt Berlin"),
                "+4915112345678", "hans@example.de", new Address("Unter den Linden", "1", null, "10117", "Berlin", "DE"));
    }

    static List<String> codes(ApplicantData data, Optional<VerificationMethod> method) {
        return ApplicantDataValidator.applicantData(data, PRODUCT, method, TODAY).stream()
                .map(e -> e.field() + ":" + e.code()).toList();
    }

    static ApplicantData withNames(ApplicantData d, String first, String second, String surname) {
        return new ApplicantData(first, second, surname, d.citizenship(), d.pesel(), d.sex(), d.dateOfBirth(),
                d.placeOfBirth(), d.identityDocument(), d.phone(), d.email(), d.address());
    }

    static ApplicantData withPesel(ApplicantData d, String pesel, Sex sex, LocalDate birth) {
        return new ApplicantData(d.firstName(), d.secondName(), d.surname(), d.citizenship(), pesel, sex, birth,
                d.placeOfBirth(), d.identityDocument(), d.phone(), d.email(), d.address());
    }

    static ApplicantData withDocument(ApplicantData d, IdentityDocument document) {
        return new ApplicantData(d.firstName(), d.secondName(), d.surname(), d.citizenship(), d.pesel(), d.sex(),
                d.dateOfBirth(), d.placeOfBirth(), document, d.phone(), d.email(), d.address());
    }

    static ApplicantData withPhone(ApplicantData d, String phone) {
        return new ApplicantData(d.firstName(), d.secondName(), d.surname(), d.citizenship(), d.pesel(), d.sex(),
                d.dateOfBirth(), d.placeOfBirth(), d.identityDocument(), phone, d.email(), d.address());
    }

    @Test
    void validPolishAndForeignApplicantsPass() {
        assertThat(codes(polish(), SELF_ID)).isEmpty();
        assertThat(codes(foreigner(), SELF_ID)).isEmpty();
        assertThat(codes(polish(), Optional.empty())).isEmpty();
    }

    @Test
    void namesAreRequiredAndAtMost64Characters() {
        assertThat(codes(withNames(polish(), null, null, " "), SELF_ID))
                .containsExactly("applicantData.firstName:Required", "applicantData.surname:Required");
        String sixtyFour = "A" + "a".repeat(63);
        // the certificate carries the given names and the full name, each in at most 64 characters
        String thirty = "A" + "a".repeat(29);
        assertThat(codes(withNames(polish(), thirty, null, "B" + "b".repeat(32)), SELF_ID)).isEmpty();
        assertThat(codes(withNames(polish(), thirty, null, "B" + "b".repeat(33)), SELF_ID))
                .containsExactly("applicantData.surname:TooLongForCertificate");
        assertThat(codes(withNames(polish(), sixtyFour, sixtyFour, "Nowak"), SELF_ID))
                .containsExactly("applicantData.secondName:TooLongForCertificate");
        assertThat(codes(withNames(polish(), sixtyFour + "a", sixtyFour + "a", sixtyFour + "a"), SELF_ID))
                .containsExactly("applicantData.firstName:TooLong", "applicantData.secondName:TooLong",
                        "applicantData.surname:TooLong");
        assertThat(codes(withNames(polish(), "Jan2", null, "Nowak"), SELF_ID))
                .containsExactly("applicantData.firstName:InvalidCharacters");
        assertThat(codes(withNames(polish(), "Łukasz", null, "Żółć-Nowak"), SELF_ID)).isEmpty();
    }

    @Test
    void freeTextRefusesControlAndBidirectionalFormattingCharacters() {
        for (String text : List.of("\u202eSzczecin", "Szczecin\u0007", "Szcze\u200bcin")) {
            ApplicantData d = polish();
            ApplicantData changed = new ApplicantData(d.firstName(), d.secondName(), d.surname(), d.citizenship(), d.pesel(),
                    d.sex(), d.dateOfBirth(), text, d.identityDocument(), d.phone(), d.email(), d.address());
            assertThat(codes(changed, SELF_ID)).as(text).containsExactly("applicantData.placeOfBirth:InvalidCharacters");
        }
        ApplicantData d = polish();
        ApplicantData polishLetters = new ApplicantData(d.firstName(), d.secondName(), d.surname(), d.citizenship(), d.pesel(),
                d.sex(), d.dateOfBirth(), "Łódź-Bałuty (ul. 1 Maja)", d.identityDocument(), d.phone(), d.email(), d.address());
        assertThat(codes(polishLetters, SELF_ID)).isEmpty();
    }

    /** The statement and the e-mails print the data as text: markup typed into an address or a place is a mistake or an attack. */
    @Test
    void freeTextRefusesMarkup() {
        ApplicantData d = polish();
        ApplicantData place = new ApplicantData(d.firstName(), d.secondName(), d.surname(), d.citizenship(), d.pesel(),
                d.sex(), d.dateOfBirth(), "<svg onload=alert(1)>", d.identityDocument(), d.phone(), d.email(), d.address());
        assertThat(codes(place, SELF_ID)).containsExactly("applicantData.placeOfBirth:InvalidCharacters");
        ApplicantData address = new ApplicantData(d.firstName(), d.secondName(), d.surname(), d.citizenship(), d.pesel(),
                d.sex(), d.dateOfBirth(), d.placeOfBirth(), d.identityDocument(), d.phone(), d.email(),
                new Address("Długa", "1", "2\"><b>", "70-486", "<b>Szczecin</b>", "PL"));
        assertThat(codes(address, SELF_ID))
                .containsExactly("applicantData.address.flatNumber:InvalidCharacters", "applicantData.address.city:InvalidCharacters");
    }

    /** Only an adult may accept the terms alone; a birth year in the 1800s is a typing error. */
    @Test
    void theApplicantIsAnAdultBornWithinALifetime() {
        ApplicantData child = withPesel(polish(), "15231000026", Sex.FEMALE, LocalDate.of(2015, 3, 10));
        assertThat(codes(child, SELF_ID)).containsExactly("applicantData.dateOfBirth:Underage");
        ApplicantData d = foreigner();
        assertThat(codes(withPesel(d, null, null, TODAY.minusYears(18)), SELF_ID)).as("18 today").isEmpty();
        assertThat(codes(withPesel(d, null, null, TODAY.minusYears(18).plusDays(1)), SELF_ID)).as("18 tomorrow")
                .containsExactly("applicantData.dateOfBirth:Underage");
        assertThat(codes(withPesel(d, null, null, LocalDate.of(1890, 1, 1)), SELF_ID))
                .containsExactly("applicantData.dateOfBirth:Implausible");
    }

    @Test
    void freeTextTheDocumentsCannotPrintIsRefusedAndWhatTheyPrintPasses() {
        ApplicantData d = polish();
        for (String city : List.of("Szczecin \uD83D\uDE42", "\u4E0A\u6D77")) {
            ApplicantData changed = new ApplicantData(d.firstName(), d.secondName(), d.surname(), d.citizenship(), d.pesel(),
                    d.sex(), d.dateOfBirth(), city, d.identityDocument(), d.phone(), d.email(), d.address());
            assertThat(codes(changed, SELF_ID)).as(city).containsExactly("applicantData.placeOfBirth:Unprintable");
        }
        for (String city : List.of("Київ", "Θεσσαλονίκη", "Zürich", "Łódź")) {
            ApplicantData changed = new ApplicantData(d.firstName(), d.secondName(), d.surname(), d.citizenship(), d.pesel(),
                    d.sex(), d.dateOfBirth(), city, d.identityDocument(), d.phone(), d.email(), d.address());
            assertThat(codes(changed, SELF_ID)).as(city).isEmpty();
        }
    }

    @Test
    void foreignersWriteNamesInLatinCharactersOnly() {
        assertThat(codes(withNames(foreigner(), "Иван", null, "Петров"), SELF_ID))
                .containsExactly("applicantData.firstName:NotLatin", "applicantData.surname:NotLatin");
        assertThat(codes(withNames(foreigner(), "Zoë", "José", "Müller"), SELF_ID)).isEmpty();
    }

    /** A name that looks like another (Cyrillic "а" and "о" in "Jan Nowak") would make a certificate that passes for it. */
    @Test
    void aNameMixingAlphabetsIsRefused() {
        assertThat(codes(withNames(polish(), "J\u0430n", null, "N\u043ewak"), SELF_ID))
                .containsExactly("applicantData.firstName:MixedScripts", "applicantData.surname:MixedScripts");
        assertThat(codes(withNames(polish(), "Jan", null, "Петров"), SELF_ID)).containsExactly("applicantData.surname:MixedScripts");
        assertThat(codes(withNames(polish(), "Jan", "Łukasz", "Nowak-Żółć"), SELF_ID)).isEmpty();
    }

    @Test
    void polishCitizensGiveAPeselWithAValidChecksum() {
        assertThat(codes(withPesel(polish(), null, Sex.MALE, LocalDate.of(1984, 4, 20)), SELF_ID))
                .containsExactly("applicantData.pesel:Required");
        assertThat(codes(withPesel(polish(), "84042003433", Sex.MALE, LocalDate.of(1984, 4, 20)), SELF_ID))
                .containsExactly("applicantData.pesel:InvalidChecksum");
        assertThat(codes(withPesel(polish(), "840420034", Sex.MALE, LocalDate.of(1984, 4, 20)), SELF_ID))
                .containsExactly("applicantData.pesel:InvalidFormat");
    }

    @Test
    void thePeselMustAgreeWithTheBirthDateAndSexGiven() {
        assertThat(codes(withPesel(polish(), "84042003432", Sex.MALE, LocalDate.of(1984, 4, 21)), SELF_ID))
                .containsExactly("applicantData.pesel:BirthDateMismatch");
        assertThat(codes(withPesel(polish(), "84042003432", Sex.FEMALE, LocalDate.of(1984, 4, 20)), SELF_ID))
                .containsExactly("applicantData.pesel:SexMismatch");
        assertThat(codes(withPesel(polish(), "84042003432", null, LocalDate.of(1984, 4, 20)), SELF_ID)).isEmpty();
    }

    /** The seed's self-identification reads ID cards of Poland and Germany: a German shows theirs, others a passport. */
    @Test
    void foreignersIdentifyWithAPassportOrTheirOwnCountrysIdCardWhereTheVerificationReadsIt() {
        IdentityDocument germanIdCard = new IdentityDocument(DocumentType.ID_CARD, "DE", "L01X00T47", TODAY.plusYears(2),
                "Stadt Berlin");
        assertThat(codes(withDocument(foreigner(), germanIdCard), SELF_ID)).isEmpty();
        assertThat(codes(withDocument(foreigner(), germanIdCard), Optional.of(VerificationMethod.VIDEO_CALL)))
                .containsExactly("applicantData.identityDocument.issuingCountry:CountryNotAllowed");
        ApplicantData austrian = new ApplicantData("Anna", null, "Huber", "AT", null, null, LocalDate.of(1980, 1, 2), "Wien",
                germanIdCard, "+4366412345678", "anna@example.at", new Address("Ring", "1", null, "1010", "Wien", "AT"));
        assertThat(codes(austrian, SELF_ID)).containsExactly("applicantData.identityDocument.type:PassportRequired");
    }

    @Test
    void anIdCardIsAcceptedOnlyFromCountriesTheVerificationMethodSupports() {
        IdentityDocument german = new IdentityDocument(DocumentType.ID_CARD, "DE", "L01X00T47", TODAY.plusYears(2),
                "Stadt Berlin");
        IdentityDocument czech = new IdentityDocument(DocumentType.ID_CARD, "CZ", "123456789", TODAY.plusYears(2),
                "Praha");
        assertThat(codes(withDocument(polish(), german), SELF_ID)).isEmpty();
        assertThat(codes(withDocument(polish(), german), Optional.of(VerificationMethod.VIDEO_CALL)))
                .containsExactly("applicantData.identityDocument.issuingCountry:CountryNotAllowed");
        assertThat(codes(withDocument(polish(), czech), SELF_ID))
                .containsExactly("applicantData.identityDocument.issuingCountry:CountryNotAllowed");
    }

    @Test
    void theDocumentMustNotHaveExpiredAndAPolishIdCardNumberHasACheckDigit() {
        IdentityDocument expired = new IdentityDocument(DocumentType.ID_CARD, "PL", "ALU842672", TODAY,
                "Prezydent Szczecina");
        assertThat(codes(withDocument(polish(), expired), SELF_ID))
                .containsExactly("applicantData.identityDocument.expiryDate:NotInFuture");
        IdentityDocument wrongDigit = new IdentityDocument(DocumentType.ID_CARD, "PL", "ALU742672", TODAY.plusDays(1),
                "Prezydent Szczecina");
        assertThat(codes(withDocument(polish(), wrongDigit), SELF_ID))
                .containsExactly("applicantData.identityDocument.seriesAndNumber:InvalidChecksum");
    }

    @Test
    void thePhoneIsE164WithAKnownCountryCode() {
        assertThat(codes(withPhone(polish(), "+281234567890"), SELF_ID))
                .containsExactly("applicantData.phone:UnknownCountryPrefix");
        assertThat(codes(withPhone(polish(), "605935754"), SELF_ID)).containsExactly("applicantData.phone:InvalidFormat");
        assertThat(codes(withPhone(polish(), "+420 601 123 456"), SELF_ID)).isEmpty();
        assertThat(codes(withPhone(polish(), "+48 22 123 45 67"), SELF_ID)).containsExactly("applicantData.phone:NotMobile");
    }

    /** The address is written to and printed in the statement: what shows must be where the mail goes. */
    @Test
    void theEmailIsADotAtomAtADomainWithNothingInvisibleOrMarkedUp() {
        ApplicantData d = polish();
        for (String email : List.of("jan\u202emoc.elpmaxe@example.com", "jan\u001b[2J@example.com", "<b>x</b>@example.com",
                "jan\u200b@example.com", "jan\u2028x@example.com", "a@b", "\"jan nowak\"@example.com", "jan..nowak@example.com",
                ".jan@example.com", "jan@-example.com", "jan@example..com", "x".repeat(65) + "@example.com", "jan @example.com")) {
            ApplicantData changed = new ApplicantData(d.firstName(), d.secondName(), d.surname(), d.citizenship(), d.pesel(),
                    d.sex(), d.dateOfBirth(), d.placeOfBirth(), d.identityDocument(), d.phone(), email, d.address());
            assertThat(codes(changed, SELF_ID)).as(email).containsExactly("applicantData.email:InvalidFormat");
        }
        for (String email : List.of("jan.nowak+podpis@example.com", "o'brien@example.ie", "łukasz@poczta.onet.pl",
                "jan@żółw.pl", "x".repeat(64) + "@example.com")) {
            ApplicantData changed = new ApplicantData(d.firstName(), d.secondName(), d.surname(), d.citizenship(), d.pesel(),
                    d.sex(), d.dateOfBirth(), d.placeOfBirth(), d.identityDocument(), d.phone(), email, d.address());
            assertThat(codes(changed, SELF_ID)).as(email).isEmpty();
        }
    }

    /** No alphabet stacks three marks on a letter; such a stack prints over the statement's other lines. */
    @Test
    void namesAndTextCarryAtMostTwoMarksOnALetter() {
        assertThat(codes(withNames(polish(), "Jan" + "\u0301".repeat(30), null, "Nowak"), SELF_ID))
                .containsExactly("applicantData.firstName:InvalidCharacters");
        ApplicantData d = polish();
        ApplicantData place = new ApplicantData(d.firstName(), d.secondName(), d.surname(), d.citizenship(), d.pesel(),
                d.sex(), d.dateOfBirth(), "Szczecin\u0301\u0301\u0301", d.identityDocument(), d.phone(), d.email(), d.address());
        assertThat(codes(place, SELF_ID)).containsExactly("applicantData.placeOfBirth:InvalidCharacters");
        ApplicantData vietnamese = withNames(foreigner(), "Nguye\u0323\u0302n", null, "Tran");
        assertThat(codes(vietnamese, SELF_ID)).isEmpty();
    }

    @Test
    void missingSectionsAreEachReported() {
        ApplicantData empty = new ApplicantData(null, null, null, null, null, null, null, null, null, null, null, null);
        assertThat(codes(empty, SELF_ID)).contains("applicantData.citizenship:Required",
                "applicantData.dateOfBirth:Required", "applicantData.placeOfBirth:Required",
                "applicantData.identityDocument:Required", "applicantData.phone:Required", "applicantData.email:Required",
                "applicantData.address:Required");
    }

    @Test
    void certificateParametersFollowTheProduct() {
        CertificateParameters ok = new CertificateParameters(ValidityStart.IMMEDIATELY, null, "Jan Nowak",
                DocumentLanguage.pl, VerificationMethod.MOBILE_SELF_ID);
        assertThat(ApplicantDataValidator.certificateParameters(ok, PRODUCT, TODAY)).isEmpty();
        CertificateParameters notOffered = new CertificateParameters(ValidityStart.FROM_DATE, TODAY.minusDays(1),
                "x".repeat(65), null, VerificationMethod.BANK_TRANSFER);
        assertThat(ApplicantDataValidator.certificateParameters(notOffered, PRODUCT, TODAY).stream()
                .map(e -> e.field() + ":" + e.code()))
                .containsExactly("certificateParameters.validFrom:OutOfRange", "certificateParameters.cardName:TooLong",
                        "certificateParameters.documentLanguage:Required",
                        "certificateParameters.verificationMethod:NotOffered");
        CertificateParameters fromDate = new CertificateParameters(ValidityStart.FROM_DATE, TODAY.plusDays(10), null,
                DocumentLanguage.en, VerificationMethod.VIDEO_CALL);
        assertThat(ApplicantDataValidator.certificateParameters(fromDate, PRODUCT, TODAY)).isEmpty();
        // the statement names the card: a name it cannot print is refused, as every other value it shows
        CertificateParameters unprintable = new CertificateParameters(ValidityStart.IMMEDIATELY, null, "\u5C71\u7530\u592A\u90CE",
                DocumentLanguage.pl, VerificationMethod.MOBILE_SELF_ID);
        assertThat(ApplicantDataValidator.certificateParameters(unprintable, PRODUCT, TODAY).stream()
                .map(e -> e.field() + ":" + e.code())).containsExactly("certificateParameters.cardName:Unprintable");
    }
}
