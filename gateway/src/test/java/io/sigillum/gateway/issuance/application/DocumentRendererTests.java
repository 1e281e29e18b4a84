package io.sigillum.gateway.issuance.application;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.sigillum.gateway.issuance.DocumentMessages;
import io.sigillum.gateway.issuance.DocumentText;
import io.sigillum.gateway.issuance.PdfFixtures;
import io.sigillum.gateway.issuance.PdfRendering;
import io.sigillum.gateway.issuance.application.ApplicantData.Address;
import io.sigillum.gateway.issuance.application.ApplicantData.DocumentType;
import io.sigillum.gateway.issuance.application.ApplicantData.IdentityDocument;
import io.sigillum.gateway.issuance.application.CertificateParameters.DocumentLanguage;
import io.sigillum.gateway.issuance.application.CertificateParameters.ValidityStart;
import io.sigillum.gateway.issuance.product.Product;
import io.sigillum.gateway.issuance.product.VerificationMethod;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DocumentRendererTests {

    /** Names of Java constants a document could leak instead of the reader's words. */
    private static final List<String> ENUM_NAMES = Stream.of(DocumentType.values(), Sex.values(), ValidityStart.values(),
                    VerificationMethod.values(), ApplicationState.values(), DocumentRenderer.DocumentType.values())
            .flatMap(Arrays::stream).map(Enum::name).toList();
    private static final Product PRODUCT = new Product("CQS-1Y", "Cloud qualified signature 1 year",
            "Kwalifikowany podpis w chmurze na 1 rok", 12, List.of(VerificationMethod.values()), false);

    private final PdfRendering rendering = PdfFixtures.rendering();
    private final DocumentMessages messages = PdfFixtures.messages();
    private final DocumentRenderer documents = new DocumentRenderer(rendering, messages, PdfFixtures.properties(),
            Clock.fixed(Instant.parse("2026-11-24T10:00:00Z"), ZoneOffset.UTC));

    @AfterEach
    void stopScheduler() {
        rendering.destroy();
    }

    @Test
    void aPolishStatementKeepsThePolishLettersAndNamesEverythingInPolish() {
        ApplicantData data = new ApplicantData("Zażółć", null, "Gęślą", "PL", "84042003432", Sex.MALE,
                LocalDate.of(1984, 4, 20), "Gdańsk",
                new IdentityDocument(DocumentType.ID_CARD, "PL", "ALU842672", LocalDate.of(2030, 12, 31),
                        "Prezydent Miasta Łodzi"),
                "+48605935754", "zazolc@example.com",
                new Address("Królowej Korony Polskiej", "21", "222", "90-001", "Łódź", "PL"));
        CertificateParameters parameters = new CertificateParameters(ValidityStart.IMMEDIATELY, null, "Mój podpis",
                DocumentLanguage.pl, VerificationMethod.MOBILE_SELF_ID);

        String text = statement(data, parameters, DocumentLanguage.pl);

        assertThat(text).contains("Oświadczenie", "Zażółć Gęślą", "Dowód osobisty", "ALU842672",
                "Królowej Korony Polskiej 21/222, 90-001 Łódź, Polska", "urodzenia: 20 kwietnia 1984, Gdańsk",
                "Obywatelstwo: Polska", "Płeć: mężczyzna", "Prezydent Miasta Łodzi", "31 grudnia 2030",
                "Początek ważności: od razu po aktywacji", "samodzielna identyfikacja mobilna", "Mój podpis",
                "Produkt: Kwalifikowany podpis w chmurze na 1 rok (12 mies.)", "zapoznałem się", "w wersji 1.0",
                "Data: 24 listopada 2026");
        assertThat(text).doesNotContain(ENUM_NAMES);
    }

    @Test
    void aPolishStatementSpeaksInTheApplicantsGrammaticalGender() {
        CertificateParameters parameters = new CertificateParameters(ValidityStart.IMMEDIATELY, null, null,
                DocumentLanguage.pl, VerificationMethod.MOBILE_SELF_ID);
        Address address = new Address("Długa", "5", null, "80-831", "Gdańsk", "PL");
        IdentityDocument card = new IdentityDocument(DocumentType.ID_CARD, "PL", "ALU842672", LocalDate.of(2030, 12, 31),
                "Prezydent Miasta Gdańska");
        ApplicantData woman = new ApplicantData("Anna", null, "Kowalska", "PL", "84042000323", Sex.FEMALE,
                LocalDate.of(1984, 4, 20), "Gdańsk", card, "+48605935754", "anna@example.com", address);
        ApplicantData unstated = new ApplicantData("Alex", null, "Nowak", "DE", null, null, LocalDate.of(1984, 4, 20), "Berlin",
                new IdentityDocument(DocumentType.PASSPORT, "DE", "C01X00T47", LocalDate.of(2031, 6, 30), "Stadt Berlin"),
                "+48605935754", "alex@example.com", address);

        assertThat(statement(woman, parameters, DocumentLanguage.pl)).contains("Płeć: kobieta", "zapoznałam się z Regulaminem")
                .doesNotContain("zapoznałem");
        assertThat(statement(unstated, parameters, DocumentLanguage.pl)).contains("zapoznałem/am się z Regulaminem");
    }

    @Test
    void anEnglishStatementNamesEverythingInEnglish() {
        ApplicantData data = new ApplicantData("Anna", "Maria", "Müller", "DE", null, Sex.FEMALE,
                LocalDate.of(1990, 1, 15), "München",
                new IdentityDocument(DocumentType.PASSPORT, "DE", "C01X00T47", LocalDate.of(2031, 6, 30), "Stadt München"),
                "+4915112345678", "anna@example.com",
                new Address("Długa", "5", null, "80-831", "Gdańsk", "PL"));
        CertificateParameters parameters = new CertificateParameters(ValidityStart.FROM_DATE, LocalDate.of(2026, 12, 1),
                null, DocumentLanguage.en, VerificationMethod.VIDEO_CALL);

        String text = statement(data, parameters, DocumentLanguage.en);

        assertThat(text).contains("Statement for the issuance of a qualified certificate", "Anna Maria Müller",
                "Identity document: Passport no. C01X00T47", "Citizenship: Germany", "Sex: female",
                "Date and place of birth: January 15, 1990, München", "Address: Długa 5, 80-831 Gdańsk, Poland",
                "Validity starts: on December 1, 2026", "video call with a consultant",
                "Product: Cloud qualified signature 1 year (12 months)", "Applicant's signature");
        assertThat(text).doesNotContain(ENUM_NAMES).doesNotContain("PESEL", "Card name", "Oświadczenie");
    }

    @Test
    void theTermsReadInTheChosenLanguage() {
        String polish = PdfFixtures.text(documents.render(DocumentRenderer.DocumentType.TERMS, application(null, null),
                DocumentLanguage.pl).block());
        String english = PdfFixtures.text(documents.render(DocumentRenderer.DocumentType.TERMS, application(null, null),
                DocumentLanguage.en).block());

        assertThat(polish).contains("Regulamin Kwalifikowanych Usług Zaufania", "Wersja 1.0", "sprzętowym module",
                "5. Dane osobowe są przetwarzane");
        assertThat(english).contains("Qualified Trust Services Terms", "Version 1.0", "the provider's hardware",
                "5. Personal data are processed");
        assertThat(polish + english).doesNotContain(ENUM_NAMES);
    }

    @Test
    void everyLanguageHasTheSameMessagesAndAWordForEveryConstantADocumentShows() {
        List<DocumentText> texts = Arrays.stream(DocumentLanguage.values()).map(l -> messages.in(l.locale())).toList();

        texts.forEach(text -> {
            assertThat(text.bundle().keySet()).isEqualTo(texts.getFirst().bundle().keySet());
            assertThatCode(() -> {
                Arrays.stream(DocumentType.values()).forEach(value -> text.label("documentType", value));
                Arrays.stream(Sex.values()).forEach(value -> text.label("sex", value));
                Arrays.stream(ValidityStart.values()).forEach(value -> text.label("validityStart", value));
                Arrays.stream(VerificationMethod.values()).forEach(value -> text.label("verificationMethod", value));
            }).doesNotThrowAnyException();
        });
    }

    private String statement(ApplicantData data, CertificateParameters parameters, DocumentLanguage language) {
        return PdfFixtures.text(documents.render(DocumentRenderer.DocumentType.STATEMENT, application(data, parameters),
                language).block());
    }

    private static ApplicationView application(ApplicantData data, CertificateParameters parameters) {
        Instant now = Instant.now();
        return new ApplicationView(UUID.randomUUID(), "2026-000082", ApplicationState.DATA_SUBMITTED, PRODUCT,
                Optional.ofNullable(parameters), Optional.ofNullable(data), Optional.empty(), Optional.empty(), now, now,
                List.of(), Optional.ofNullable(data).map(Applicant::from));
    }
}
