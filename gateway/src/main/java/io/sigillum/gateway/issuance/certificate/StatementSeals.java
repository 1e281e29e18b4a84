package io.sigillum.gateway.issuance.certificate;

import io.sigillum.gateway.issuance.DocumentMessages;
import io.sigillum.gateway.issuance.DocumentText;
import io.sigillum.gateway.issuance.IssuanceProperties;
import io.sigillum.gateway.issuance.application.Applicant;
import io.sigillum.gateway.issuance.application.ApplicationView;
import io.sigillum.gateway.issuance.application.CertificateParameters;
import io.sigillum.gateway.issuance.application.DocumentRenderer;
import io.sigillum.gateway.seal.QtspSeal;
import io.sigillum.gateway.signdoc.PdfSealing;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * The two signatures of a statement, both PAdES-B-T seals of the QTSP (the applicant has no certificate yet; a PPT
 * operator has no personal one): at the SMS step in the applicant's place, stating the evidence — the applicant, the
 * masked phone the code went to, when it was verified, the application; then the representative's countersignature in
 * theirs, naming the operator, their point of sale and the identity document they confirm. The evidence is both in the
 * signature's {@code /Reason} and in its visible appearance, both covered by the signature.
 */
@Component
class StatementSeals {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss xxx");

    private final PdfSealing sealing;
    private final QtspSeal seal;
    private final DocumentMessages messages;
    private final IssuanceProperties properties;

    StatementSeals(PdfSealing sealing, QtspSeal seal, DocumentMessages messages, IssuanceProperties properties) {
        this.sealing = sealing;
        this.seal = seal;
        this.messages = messages;
        this.properties = properties;
    }

    /** Who countersigns: the operator's account, their point of sale and organisation. */
    record Representative(String email, String pointOfSale, String organisation) {
    }

    /** Seals {@code pdf} in the applicant's place: the code sent to {@code maskedPhone} was verified at {@code verifiedAt}. */
    Mono<byte[]> applicant(byte[] pdf, ApplicationView application, String maskedPhone, Instant verifiedAt) {
        return sealing.seal(pdf, "application:" + application.id(), () -> {
            DocumentText text = text(application);
            String name = application.submittedApplicant().fullName();
            String time = TIME.format(verifiedAt.atZone(properties.zone()));
            return new PdfSealing.Seal(DocumentRenderer.APPLICANT_SIGNATURE, name,
                    text.get("statement.seal.applicant.reason", name, application.number(), application.id().toString(),
                            maskedPhone, time, seal.name()),
                    text.get("statement.seal.applicant.appearance", name, maskedPhone, time, application.number(),
                            application.id().toString(), seal.name()));
        });
    }

    /** Seals {@code pdf} again, in the representative's place, on behalf of {@code representative} at {@code at}. */
    Mono<byte[]> representative(byte[] pdf, ApplicationView application, Representative representative, Instant at) {
        return sealing.seal(pdf, "application:" + application.id(), () -> {
            DocumentText text = text(application);
            Applicant.IdentityDocument document = application.submittedApplicant().identityDocument();
            String identity = text.get("statement.seal.identityDocument", text.label("documentType", document.type()),
                    text.date(document.expiryDate()));
            String where = representative.pointOfSale() + ", " + representative.organisation();
            String time = TIME.format(at.atZone(properties.zone()));
            return new PdfSealing.Seal(DocumentRenderer.REPRESENTATIVE_SIGNATURE, representative.email(),
                    text.get("statement.seal.representative.reason", application.number(), application.id().toString(),
                            representative.email(), where, identity, seal.name()),
                    text.get("statement.seal.representative.appearance", identity, representative.email(), where, time,
                            seal.name()));
        });
    }

    private DocumentText text(ApplicationView application) {
        return messages.in(application.certificateParameters().map(CertificateParameters::documentLanguage)
                .orElse(CertificateParameters.DocumentLanguage.pl).locale());
    }
}
