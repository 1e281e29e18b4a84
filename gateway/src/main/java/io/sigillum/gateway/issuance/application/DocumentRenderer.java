package io.sigillum.gateway.issuance.application;

import io.sigillum.gateway.issuance.DocumentMessages;
import io.sigillum.gateway.issuance.DocumentText;
import io.sigillum.gateway.issuance.IssuanceProperties;
import io.sigillum.gateway.issuance.PdfRendering;
import io.sigillum.gateway.issuance.PdfRendering.Line;
import io.sigillum.gateway.issuance.application.CertificateParameters.DocumentLanguage;
import io.sigillum.gateway.issuance.application.CertificateParameters.ValidityStart;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.jspecify.annotations.Nullable;
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

    /** The kinds of documents. */
    public enum DocumentType { STATEMENT, TERMS }

    public Mono<byte[]> render(DocumentType type, ApplicationView application, DocumentLanguage language) {
        DocumentText text = messages.in(language.locale());
        return pdf.render(PDRectangle.A4,
                () -> type == DocumentType.STATEMENT ? statement(application, text) : terms(text));
    }

    private List<Line> statement(ApplicationView application, DocumentText text) {
        List<Line> lines = new ArrayList<>();
        lines.add(Line.title(text.get("statement.title")));
        lines.add(Line.text(text.get("statement.number", application.number(),
                text.date(LocalDate.now(clock.withZone(properties.zone()))))));
        lines.add(Line.text(text.get("statement.product", application.product().name(text.language()),
                application.product().validityMonths())));
        lines.add(Line.blank());
        application.applicantData().ifPresent(data -> applicant(lines, data, text));
        application.certificateParameters().ifPresent(parameters -> certificate(lines, parameters, text));
        lines.add(Line.heading(text.get("statement.declarations")));
        text.numbered("statement.declaration", TERMS_VERSION).forEach(declaration -> lines.add(Line.text("• " + declaration)));
        lines.add(Line.blank());
        lines.add(Line.text(text.get("statement.signatures")));
        return lines;
    }

    private static void applicant(List<Line> lines, ApplicantData data, DocumentText text) {
        lines.add(Line.heading(text.get("statement.applicant")));
        lines.add(Line.text(joined(" ", data.firstName(), data.secondName(), data.surname())));
        if (data.pesel() != null) {
            lines.add(Line.text(text.get("statement.pesel", data.pesel())));
        }
        if (data.sex() != null) {
            lines.add(Line.text(text.get("statement.sex", text.label("sex", data.sex()))));
        }
        if (data.dateOfBirth() != null) {
            lines.add(Line.text(text.get("statement.birth", text.date(data.dateOfBirth()), data.placeOfBirth())));
        }
        if (data.citizenship() != null) {
            lines.add(Line.text(text.get("statement.citizenship", text.country(data.citizenship()))));
        }
        ApplicantData.IdentityDocument document = data.identityDocument();
        if (document != null && document.type() != null && document.issuingCountry() != null
                && document.expiryDate() != null) {
            lines.add(Line.text(text.get("statement.identityDocument", text.label("documentType", document.type()),
                    document.seriesAndNumber(), document.issuingAuthority(), text.country(document.issuingCountry()),
                    text.date(document.expiryDate()))));
        }
        lines.add(Line.text(text.get("statement.contact", data.phone(), data.email())));
        ApplicantData.Address address = data.address();
        if (address != null && address.country() != null) {
            String building = joined("/", address.buildingNumber(), address.flatNumber());
            lines.add(Line.text(text.get("statement.address", joined(", ",
                    joined(" ", address.street(), building), joined(" ", address.postalCode(), address.city()),
                    text.country(address.country())))));
        }
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

    /** The parts that are there, joined; a missing (optional) part leaves no stray separator. */
    private static String joined(String separator, @Nullable String... parts) {
        return Arrays.stream(parts).filter(part -> part != null && !part.isBlank()).collect(Collectors.joining(separator));
    }
}
