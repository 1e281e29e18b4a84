package io.sigillum.gateway.issuance.application;

import io.sigillum.gateway.issuance.DocumentMessages;
import io.sigillum.gateway.issuance.DocumentText;
import io.sigillum.gateway.issuance.IssuanceProperties;
import io.sigillum.gateway.issuance.PdfRendering;
import io.sigillum.gateway.issuance.PdfRendering.Line;
import io.sigillum.gateway.issuance.PdfRendering.SignaturePlace;
import io.sigillum.gateway.issuance.application.CertificateParameters.DocumentLanguage;
import io.sigillum.gateway.issuance.application.CertificateParameters.ValidityStart;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * The two documents an applicant accepts before verification, in Polish or English: the statement ("oświadczenie")
 * carrying the application's data and declarations, and the qualified trust-service terms. Their words are in
 * {@code documents/messages_*.properties}.
 */
@Component
public class DocumentRenderer {

    /** The version of the terms text an acceptance refers to. */
    static final String TERMS_VERSION = "1.0";

    private final PdfRendering pdf;
    private final DocumentMessages messages;
    private final IssuanceProperties properties;
    private final Clock clock;

    DocumentRenderer(PdfRendering pdf, DocumentMessages messages, IssuanceProperties properties, Clock clock) {
        this.pdf = pdf;
        this.messages = messages;
        this.properties = properties;
        this.clock = clock;
    }

    /** The statement's empty signature field where the applicant's signature (the seal at the SMS step) appears. */
    public static final String APPLICANT_SIGNATURE = "applicant-signature";

    /** The statement's empty signature field where the point of sale's representative countersigns. */
    public static final String REPRESENTATIVE_SIGNATURE = "representative-signature";

    /** The kinds of documents. */
    public enum DocumentType { STATEMENT, TERMS }

    /**
     * Renders on the PDF scheduler; a statement needs the submitted applicant (400 without one) and ends in the places
     * for the applicant's and the representative's signatures.
     */
    public Mono<byte[]> render(DocumentType type, ApplicationView application, DocumentLanguage language) {
        DocumentText text = messages.in(language.locale());
        return type == DocumentType.STATEMENT
                ? pdf.renderWithSignaturePlaces(PDRectangle.A4, () -> new PdfRendering.Content(statement(application, text),
                        List.of(new SignaturePlace(APPLICANT_SIGNATURE, text.get("statement.signature.applicant",
                                        application.submittedApplicant().fullName())),
                                new SignaturePlace(REPRESENTATIVE_SIGNATURE, text.get("statement.signature.representative")))))
                : pdf.render(PDRectangle.A4, () -> terms(text));
    }

    private List<Line> statement(ApplicationView application, DocumentText text) {
        List<Line> lines = new ArrayList<>();
        lines.add(Line.title(text.get("statement.title")));
        lines.add(Line.text(text.get("statement.number", application.number(),
                text.date(LocalDate.now(clock.withZone(properties.zone()))))));
        lines.add(Line.text(text.get("statement.product", application.product().name(text.language()),
                application.product().validityMonths())));
        lines.add(Line.blank());
        applicant(lines, application.submittedApplicant(), text);
        application.certificateParameters().ifPresent(parameters -> certificate(lines, parameters, text));
        lines.add(Line.heading(text.get("statement.declarations")));
        // in the applicant's own voice: Polish says "zapoznałem" or "zapoznałam"
        int grammaticalGender = application.submittedApplicant().sex().map(sex -> sex == Sex.FEMALE ? 1 : 0).orElse(2);
        text.numbered("statement.declaration", TERMS_VERSION, grammaticalGender)
                .forEach(declaration -> lines.add(Line.text("• " + declaration)));
        lines.add(Line.blank());
        return lines;
    }

    private static void applicant(List<Line> lines, Applicant applicant, DocumentText text) {
        lines.add(Line.heading(text.get("statement.applicant")));
        lines.add(Line.text(applicant.fullName()));
        applicant.pesel().ifPresent(pesel -> lines.add(Line.text(text.get("statement.pesel", pesel.value()))));
        applicant.sex().ifPresent(sex -> lines.add(Line.text(text.get("statement.sex", text.label("sex", sex)))));
        lines.add(Line.text(text.get("statement.birth", text.date(applicant.dateOfBirth()), applicant.placeOfBirth())));
        lines.add(Line.text(text.get("statement.citizenship", text.country(applicant.citizenship().value()))));
        Applicant.IdentityDocument document = applicant.identityDocument();
        lines.add(Line.text(text.get("statement.identityDocument", text.label("documentType", document.type()),
                document.seriesAndNumber(), document.issuingAuthority(), text.country(document.issuingCountry().value()),
                text.date(document.expiryDate()))));
        lines.add(Line.text(text.get("statement.contact", applicant.phone().value(), applicant.email().value())));
        Applicant.Address address = applicant.address();
        lines.add(Line.text(text.get("statement.address",
                address.lines() + ", " + text.country(address.country().value()))));
        lines.add(Line.blank());
    }

    private static void certificate(List<Line> lines, CertificateParameters parameters, DocumentText text) {
        lines.add(Line.heading(text.get("statement.certificate")));
        if (parameters.validityStart() != null) {
            String validFrom = parameters.validityStart() == ValidityStart.FROM_DATE && parameters.validFrom() != null
                    ? text.date(parameters.validFrom()) : "";
            lines.add(Line.text(text.get("statement.validityStart",
                    text.label("validityStart", parameters.validityStart(), validFrom))));
        }
        if (parameters.cardName() != null && !parameters.cardName().isBlank()) {
            lines.add(Line.text(text.get("statement.cardName", parameters.cardName())));
        }
        if (parameters.verificationMethod() != null) {
            lines.add(Line.text(text.get("statement.verificationMethod",
                    text.label("verificationMethod", parameters.verificationMethod()))));
        }
        lines.add(Line.blank());
    }

    private static List<Line> terms(DocumentText text) {
        List<Line> lines = new ArrayList<>();
        lines.add(Line.title(text.get("terms.title")));
        lines.add(Line.text(text.get("terms.version", TERMS_VERSION)));
        lines.add(Line.blank());
        text.numbered("terms.paragraph").forEach(paragraph -> lines.add(Line.text(paragraph)));
        return lines;
    }
}
