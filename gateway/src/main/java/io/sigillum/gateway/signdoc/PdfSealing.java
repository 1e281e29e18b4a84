package io.sigillum.gateway.signdoc;

import eu.europa.esig.dss.alert.SilentOnStatusAlert;
import eu.europa.esig.dss.enumerations.DigestAlgorithm;
import eu.europa.esig.dss.enumerations.SignatureAlgorithm;
import eu.europa.esig.dss.enumerations.SignatureLevel;
import eu.europa.esig.dss.enumerations.SignerTextHorizontalAlignment;
import eu.europa.esig.dss.enumerations.TextWrapping;
import eu.europa.esig.dss.model.DSSDocument;
import eu.europa.esig.dss.model.InMemoryDocument;
import eu.europa.esig.dss.model.SignatureValue;
import eu.europa.esig.dss.model.ToBeSigned;
import eu.europa.esig.dss.model.x509.CertificateToken;
import eu.europa.esig.dss.pades.DSSFileFont;
import eu.europa.esig.dss.pades.PAdESSignatureParameters;
import eu.europa.esig.dss.pades.SignatureFieldParameters;
import eu.europa.esig.dss.pades.SignatureImageParameters;
import eu.europa.esig.dss.pades.SignatureImageTextParameters;
import eu.europa.esig.dss.pades.signature.PAdESService;
import eu.europa.esig.dss.spi.DSSUtils;
import eu.europa.esig.dss.spi.validation.CommonCertificateVerifier;
import eu.europa.esig.dss.spi.x509.tsp.TSPSource;
import io.sigillum.gateway.audit.AuditEntry;
import io.sigillum.gateway.audit.AuditLog;
import io.sigillum.gateway.seal.QtspSeal;
import io.sigillum.gateway.tsa.TimestampAuthority;
import io.sigillum.gateway.tsa.TsaProperties;
import io.sigillum.signer.pool.ReactiveSigner;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.function.Supplier;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Seals a PDF with the QTSP's own seal as PAdES-BASELINE-T (an incremental update, so earlier signatures stay valid):
 * DSS prepares on the signDoc scheduler, the seal key signs on the signing pool, DSS finishes with a timestamp from the
 * same source as signDoc's level T. When the PDF has the named empty signature field, the seal's appearance (its text,
 * in DejaVu Sans so Polish letters print) fills it; a PDF without it is sealed invisibly.
 */
@Component
public class PdfSealing {

    private static final float PADDING = 4;

    private final QtspSeal seal;
    private final ReactiveSigner signer;
    private final AuditLog audit;
    private final DssWork work;
    private final CommonCertificateVerifier verifier;
    private final TSPSource timestamps;
    private final DSSFileFont font;
    private final Clock clock;

    PdfSealing(QtspSeal seal, ReactiveSigner signer, AuditLog audit, DssWork work, TimestampAuthority timestampAuthority,
            TsaProperties tsa, Clock clock) {
        this.seal = seal;
        this.signer = signer;
        this.audit = audit;
        this.work = work;
        this.clock = clock;
        this.verifier = new CommonCertificateVerifier();
        // the built-in CA publishes no revocation data yet: a warning per seal would say only that
        verifier.setAlertOnMissingRevocationData(new SilentOnStatusAlert());
        verifier.setAlertOnNoRevocationAfterBestSignatureTime(new SilentOnStatusAlert());
        this.timestamps = TimestampSources.of(tsa, timestampAuthority);
        this.font = font();
    }

    /**
     * What a seal says, in the signature dictionary (signed with the document) and in its appearance.
     *
     * @param field the empty signature field the appearance fills
     * @param signerName the PDF signature's {@code /Name}: on whose behalf the QTSP seals
     * @param reason the PDF signature's {@code /Reason}
     * @param appearance the text shown in the field, lines separated by {@code \n}
     */
    public record Seal(String field, String signerName, String reason, String appearance) {
    }

    /**
     * The PDF with one more signature, the QTSP's seal. {@code seal} is composed on the DSS thread (dates and labels
     * may load locale data); any failure of the document or the token is the caller's to map. Every use of the seal key
     * is audited (operation {@code seal}, for {@code auditedFor}, with the digest it signed), and the sealed PDF is
     * returned only once its record is committed, as a signature of signHash is released.
     */
    public Mono<byte[]> seal(byte[] pdf, String auditedFor, Supplier<Seal> seal) {
        return work.run(() -> prepare(new InMemoryDocument(pdf, "statement.pdf"), seal.get()))
                .flatMap(prepared -> signer.sign(this.seal.key(), prepared.scheme(), prepared.digest())
                        .onErrorResume(failure -> audit.record(entry(auditedFor, prepared, "FAILED " + failure.getClass().getSimpleName()))
                                .then(Mono.error(failure)))
                        .flatMap(value -> audit.record(entry(auditedFor, prepared, "OK")).thenReturn(value))
                        .flatMap(value -> work.run(() -> prepared.finish().apply(value))));
    }

    private AuditEntry entry(String auditedFor, DssSignatures.Prepared prepared, String result) {
        return new AuditEntry("seal", "qtsp", seal.key().alias(), auditedFor, "",
                prepared.scheme().algorithm().oid() + "/" + prepared.scheme().digest().oid(),
                List.of(Base64.getEncoder().encodeToString(prepared.digest())), result);
    }

    private DssSignatures.Prepared prepare(DSSDocument document, Seal request) {
        // one service per seal, as signDoc does: the data to sign and the signature are made by the same one
        PAdESService service = new PAdESService(verifier);
        service.setTspSource(timestamps);
        DigestAlgorithm digest = DigestAlgorithm.forOID(seal.scheme().digest().oid());
        PAdESSignatureParameters parameters = new PAdESSignatureParameters();
        parameters.setSignatureLevel(SignatureLevel.PAdES_BASELINE_T);
        parameters.setDigestAlgorithm(digest);
        parameters.setEncryptionAlgorithm(DssSignatures.encryption(seal.scheme()));
        parameters.setSigningCertificate(new CertificateToken(seal.chain().getFirst()));
        parameters.setCertificateChain(seal.chain().stream().map(CertificateToken::new).toList());
        parameters.bLevel().setSigningDate(Date.from(clock.instant().truncatedTo(ChronoUnit.SECONDS)));
        parameters.setSignerName(request.signerName());
        parameters.setReason(request.reason());
        if (service.getAvailableSignatureFields(document).contains(request.field())) {
            parameters.setImageParameters(appearance(request));
        }
        ToBeSigned dataToSign = service.getDataToSign(document, parameters);
        SignatureAlgorithm algorithm = SignatureAlgorithm.getAlgorithm(parameters.getEncryptionAlgorithm(), digest);
        return new DssSignatures.Prepared(DssSignatures.digest(seal.scheme(), dataToSign.getBytes()), seal.scheme(),
                value -> DSSUtils.toByteArray(service.signDocument(document, parameters, new SignatureValue(algorithm, value))));
    }

    private SignatureImageParameters appearance(Seal request) {
        SignatureFieldParameters field = new SignatureFieldParameters();
        field.setFieldId(request.field());
        SignatureImageTextParameters text = new SignatureImageTextParameters();
        text.setText(request.appearance());
        text.setFont(font);
        text.setPadding(PADDING);
        text.setTextWrapping(TextWrapping.FILL_BOX_AND_LINEBREAK);
        text.setSignerTextHorizontalAlignment(SignerTextHorizontalAlignment.LEFT);
        SignatureImageParameters image = new SignatureImageParameters();
        image.setFieldParameters(field);
        image.setTextParameters(text);
        return image;
    }

    private static DSSFileFont font() {
        // read once, when the bean is created at start-up
        try (InputStream in = PdfSealing.class.getResourceAsStream("/fonts/DejaVuSans.ttf")) {
            if (in == null) {
                throw new IllegalStateException("Font fonts/DejaVuSans.ttf is missing from the classpath");
            }
            DSSFileFont font = new DSSFileFont(in);
            // only the glyphs a seal's text uses: the whole font would add some 400 kB to every signature
            font.setEmbedFontSubset(true);
            return font;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
