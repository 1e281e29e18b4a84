package io.sigillum.gateway.issuance.application;

import io.sigillum.gateway.issuance.IssuanceProperties;
import io.sigillum.gateway.issuance.PdfRendering;
import io.sigillum.gateway.issuance.PdfRendering.Line;
import io.sigillum.gateway.issuance.application.CertificateParameters.DocumentLanguage;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * The two documents an applicant accepts before verification, in Polish or English: the statement ("oświadczenie")
 * carrying the application's data and declarations, and the qualified trust-service terms.
 */
@Component
public class DocumentRenderer {

    /** The version of the terms text an acceptance refers to. */
    static final String TERMS_VERSION = "1.0";

    private final PdfRendering pdf;
    private final IssuanceProperties properties;

    DocumentRenderer(PdfRendering pdf, IssuanceProperties properties) {
        this.pdf = pdf;
        this.properties = properties;
    }

    /** The kinds of documents. */
    public enum DocumentType { STATEMENT, TERMS }

    public Mono<byte[]> render(DocumentType type, ApplicationView application, DocumentLanguage language) {
        List<Line> lines = type == DocumentType.STATEMENT ? statement(application, language == DocumentLanguage.pl)
                : terms(language == DocumentLanguage.pl);
        return pdf.render(PDRectangle.A4, () -> lines);
    }

    private List<Line> statement(ApplicationView application, boolean pl) {
        List<Line> lines = new ArrayList<>();
        lines.add(Line.title(pl ? "Oświadczenie o wydanie certyfikatu kwalifikowanego"
                : "Statement for the issuance of a qualified certificate"));
        lines.add(Line.text((pl ? "Wniosek nr " : "Application no. ") + application.number() + "   "
                + (pl ? "Data: " : "Date: ") + LocalDate.now(properties.zone())));
        lines.add(Line.text((pl ? "Produkt: " : "Product: ") + application.product().name() + " ("
                + application.product().validityMonths() + (pl ? " mies.)" : " months)")));
        lines.add(Line.blank());
        application.applicantData().ifPresent(data -> {
            lines.add(Line.heading(pl ? "Wnioskodawca" : "Applicant"));
            lines.add(Line.text(joined(data.firstName(), data.secondName(), data.surname())));
            if (data.pesel() != null) {
                lines.add(Line.text("PESEL: " + data.pesel()));
            }
            lines.add(Line.text((pl ? "Data i miejsce urodzenia: " : "Date and place of birth: ") + data.dateOfBirth()
                    + ", " + data.placeOfBirth()));
            lines.add(Line.text((pl ? "Obywatelstwo: " : "Citizenship: ") + data.citizenship()));
            if (data.identityDocument() != null) {
                ApplicantData.IdentityDocument document = data.identityDocument();
                lines.add(Line.text((pl ? "Dokument tożsamości: " : "Identity document: ") + document.type() + " "
                        + document.seriesAndNumber() + ", " + document.issuingCountry() + ", "
                        + (pl ? "ważny do " : "valid until ") + document.expiryDate() + ", " + document.issuingAuthority()));
            }
            lines.add(Line.text((pl ? "Telefon: " : "Phone: ") + data.phone() + "   E-mail: " + data.email()));
            if (data.address() != null) {
                ApplicantData.Address address = data.address();
                lines.add(Line.text((pl ? "Adres: " : "Address: ") + address.street() + " " + address.buildingNumber()
                        + (address.flatNumber() == null ? "" : " / " + address.flatNumber()) + ", "
                        + address.postalCode() + " " + address.city() + ", " + address.country()));
            }
            lines.add(Line.blank());
        });
        lines.add(Line.heading(pl ? "Oświadczam, że:" : "I declare that:"));
        List<String> declarations = pl ? List.of(
                "zapoznałem się z Regulaminem Kwalifikowanych Usług Zaufania w wersji " + TERMS_VERSION + " i akceptuję go;",
                "posiadam urządzenie mobilne i zabezpieczę je tak, aby z aplikacji podpisu nie mogła korzystać inna osoba;",
                "nie będę udostępniać adresu e-mail ani numeru telefonu używanych do usług zaufania innym osobom;",
                "wszystkie zawarte we wniosku dane są prawdziwe.")
                : List.of(
                "I have read and accept the Qualified Trust Services Terms, version " + TERMS_VERSION + ";",
                "I own a mobile device and will secure it so that no one else can use the signing application on it;",
                "I will not share the e-mail address or phone number used for trust services with anyone;",
                "all data in this application are true.");
        declarations.forEach(text -> lines.add(Line.text("- " + text)));
        lines.add(Line.blank());
        lines.add(Line.text(pl ? "Podpis wnioskodawcy: ______________________   Podpis przedstawiciela: ______________________"
                : "Applicant's signature: ______________________   Representative's signature: ______________________"));
        return lines;
    }

    private static List<Line> terms(boolean pl) {
        List<Line> lines = new ArrayList<>();
        lines.add(Line.title(pl ? "Regulamin Kwalifikowanych Usług Zaufania" : "Qualified Trust Services Terms"));
        lines.add(Line.text((pl ? "Wersja " : "Version ") + TERMS_VERSION));
        lines.add(Line.blank());
        List<String> paragraphs = pl ? List.of(
                "1. Dostawca wydaje kwalifikowane certyfikaty podpisu elektronicznego, których klucze prywatne są generowane i przechowywane w sprzętowym module kryptograficznym dostawcy i nigdy go nie opuszczają.",
                "2. Subskrybent potwierdza tożsamość zdalnie: samodzielną identyfikacją mobilną, wideorozmową z konsultantem albo przelewem weryfikacyjnym z rachunku, którego jest właścicielem.",
                "3. Każde złożenie podpisu wymaga kodu PIN oraz jednorazowego kodu SMS. Subskrybent nie udostępnia ich nikomu.",
                "4. Subskrybent niezwłocznie zgłasza utratę kontroli nad telefonem lub podejrzenie ujawnienia PIN-u; certyfikat zostaje wtedy zawieszony lub unieważniony.",
                "5. Dane osobowe są przetwarzane w celu wydania certyfikatu i świadczenia usług zaufania, zgodnie z rozporządzeniem eIDAS i RODO.")
                : List.of(
                "1. The provider issues qualified certificates for electronic signatures whose private keys are generated and kept in the provider's hardware security module and never leave it.",
                "2. The subscriber proves identity remotely: by mobile self-identification, a video call with a consultant, or a verification transfer from an account they own.",
                "3. Every signature requires the PIN and a one-time SMS code. The subscriber shares neither with anyone.",
                "4. The subscriber reports at once a lost phone or a suspected disclosure of the PIN; the certificate is then suspended or revoked.",
                "5. Personal data are processed to issue the certificate and provide trust services, under the eIDAS Regulation and the GDPR.");
        paragraphs.forEach(text -> lines.add(Line.text(text)));
        return lines;
    }

    private static String joined(String... parts) {
        return String.join(" ", java.util.Arrays.stream(parts).filter(p -> p != null && !p.isBlank()).toList());
    }
}
