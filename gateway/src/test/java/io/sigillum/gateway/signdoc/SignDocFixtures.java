package io.sigillum.gateway.signdoc;

import eu.europa.esig.dss.diagnostic.DiagnosticData;
import eu.europa.esig.dss.diagnostic.SignatureWrapper;
import eu.europa.esig.dss.jaxb.object.Message;
import eu.europa.esig.dss.model.DSSDocument;
import eu.europa.esig.dss.model.InMemoryDocument;
import eu.europa.esig.dss.model.x509.CertificateToken;
import eu.europa.esig.dss.simplereport.SimpleReport;
import eu.europa.esig.dss.spi.validation.CommonCertificateVerifier;
import eu.europa.esig.dss.spi.x509.CommonTrustedCertificateSource;
import eu.europa.esig.dss.validation.SignedDocumentValidator;
import eu.europa.esig.dss.validation.reports.Reports;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.encryption.AccessPermission;
import org.apache.pdfbox.pdmodel.encryption.StandardProtectionPolicy;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;

/** Documents to sign, and the DSS validation a relying party would run on what signDoc returns. */
final class SignDocFixtures {

    static final String XML = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<invoice id=\"FV/2026/11/0042\"><net>100.00</net>"
            + "<vat>23.00</vat></invoice>\n";
    static final String JSON = "{\"invoice\":\"FV/2026/11/0042\",\"net\":\"100.00\"}";

    private SignDocFixtures() {
    }

    static byte[] pdf(String text) {
        return pdf(text, Optional.empty());
    }

    /** A one-page PDF; with a password it is encrypted (a user password is needed to open it). */
    static byte[] pdf(String text, Optional<String> userPassword) {
        try (PDDocument document = new PDDocument(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            PDPage page = new PDPage();
            document.addPage(page);
            try (PDPageContentStream content = new PDPageContentStream(document, page)) {
                content.beginText();
                content.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA), 12);
                content.newLineAtOffset(72, 700);
                content.showText(text);
                content.endText();
            }
            if (userPassword.isPresent()) {
                StandardProtectionPolicy policy = new StandardProtectionPolicy("owner-secret", userPassword.get(),
                        new AccessPermission());
                policy.setEncryptionKeyLength(128);
                document.protect(policy);
            }
            document.save(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    static String base64(byte[] content) {
        return Base64.getEncoder().encodeToString(content);
    }

    static String sha256(byte[] content) {
        try {
            return base64(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** DSS's reports on {@code signed}, our root the only trust anchor; {@code detached} is the signed data when apart. */
    static Reports validate(byte[] signed, Optional<byte[]> detached, X509Certificate root) {
        return validate(signed, detached, root, Optional.empty());
    }

    /** As {@link #validate(byte[], Optional, X509Certificate)}, and the validator may ask our CA's OCSP responder and CRLs. */
    static Reports validate(byte[] signed, Optional<byte[]> detached, X509Certificate root, Optional<RevocationSources> revocation) {
        SignedDocumentValidator validator = SignedDocumentValidator.fromDocument(new InMemoryDocument(signed, "signed"));
        CommonCertificateVerifier verifier = new CommonCertificateVerifier();
        revocation.ifPresent(sources -> {
            verifier.setOcspSource(sources.ocsp());
            verifier.setCrlSource(sources.crl());
        });
        CommonTrustedCertificateSource trusted = new CommonTrustedCertificateSource();
        trusted.addCertificate(new CertificateToken(root));
        verifier.setTrustedCertSources(trusted);
        validator.setCertificateVerifier(verifier);
        detached.ifPresent(content -> validator.setDetachedContents(List.<DSSDocument>of(new InMemoryDocument(content, "document-1"))));
        return validator.validateDocument();
    }

    /** The one signature of a report. */
    static SignatureWrapper onlySignature(Reports reports) {
        DiagnosticData diagnostic = reports.getDiagnosticData();
        return diagnostic.getSignatureById(reports.getSimpleReport().getFirstSignatureId());
    }

    static String describe(Reports reports) {
        SimpleReport simple = reports.getSimpleReport();
        String id = simple.getFirstSignatureId();
        return simple.getSignatureFormat(id) + " " + simple.getIndication(id) + "/" + simple.getSubIndication(id) + " errors="
                + simple.getAdESValidationErrors(id).stream().map(Message::getValue).toList();
    }
}
