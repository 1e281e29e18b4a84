package io.sigillum.gateway.issuance.certificate;

import static org.assertj.core.api.Assertions.assertThat;

import eu.europa.esig.dss.diagnostic.SignatureWrapper;
import eu.europa.esig.dss.diagnostic.TimestampWrapper;
import eu.europa.esig.dss.enumerations.Indication;
import eu.europa.esig.dss.enumerations.SignatureLevel;
import eu.europa.esig.dss.enumerations.SubIndication;
import eu.europa.esig.dss.enumerations.TimestampType;
import eu.europa.esig.dss.jaxb.object.Message;
import eu.europa.esig.dss.model.InMemoryDocument;
import eu.europa.esig.dss.model.x509.CertificateToken;
import eu.europa.esig.dss.simplereport.SimpleReport;
import eu.europa.esig.dss.spi.validation.CommonCertificateVerifier;
import eu.europa.esig.dss.spi.x509.CommonTrustedCertificateSource;
import eu.europa.esig.dss.validation.SignedDocumentValidator;
import eu.europa.esig.dss.validation.reports.Reports;
import io.sigillum.gateway.account.AccountService;
import io.sigillum.gateway.issuance.IssuanceJourney;
import io.sigillum.gateway.issuance.application.DocumentRenderer;
import io.sigillum.gateway.seal.QtspSeal;
import io.sigillum.gateway.support.IntegrationTest;
import io.sigillum.signer.ca.CertificateAuthority;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;

/**
 * The statement as a signed document: the QTSP's seal in the applicant's place at the SMS step, the countersignature in
 * the representative's place when the operator approves; the DSS validation process, our root the only trust anchor,
 * finds both PAdES-BASELINE-T, intact and timestamped, and a changed byte breaks them.
 */
class SignedStatementIntegrationTests extends IntegrationTest {

    @Autowired
    AccountService accounts;

    @Autowired
    ApplicationContext context;

    IssuanceJourney ppt;

    @BeforeEach
    void verifiedApplicationForACountersigningProduct() {
        ppt = IssuanceJourney.documentsAccepted(web, accounts, "CQS-2Y-PPT", "BANK_TRANSFER").verified();
    }

    @Test
    void theStatementIsSealedInTheApplicantsPlaceWithTheEvidence() {
        web.get().uri("/api/v1/applications/{id}/statement/signed.pdf", ppt.id).headers(h -> h.setBearerAuth(ppt.applicant))
                .exchange().expectStatus().isNotFound();
        ppt.post("statement/sign", Map.of("code", ppt.statementCode())).expectStatus().isOk();

        Reports reports = validate(signedStatement());

        List<SignatureWrapper> signatures = reports.getDiagnosticData().getSignatures();
        assertThat(signatures).hasSize(1);
        SignatureWrapper seal = signatures.getFirst();
        assertSealed(reports, seal);
        assertThat(seal.getPDFRevision().getSignatureFieldNames()).containsExactly(DocumentRenderer.APPLICANT_SIGNATURE);
        String masked = ppt.phone.substring(0, 3) + "•••••" + ppt.phone.substring(ppt.phone.length() - 3);
        assertThat(seal.getPDFRevision().getReason()).contains("kodem SMS", masked, ppt.id, "zweryfikowany")
                .doesNotContain(ppt.phone);
        assertThat(seal.getPDFRevision().getSignerName()).isEqualTo("Jan Adam Nowak");
    }

    @Test
    void theOperatorsCountersignatureIsASecondSealAndTheFirstStaysValid() {
        ppt.post("statement/sign", Map.of("code", ppt.statementCode())).expectStatus().isOk();
        byte[] sealed = signedStatement();
        String operator = ppt.newOperator();
        web.post().uri("/api/v1/operator/applications/{id}/approve", ppt.id).headers(h -> h.setBearerAuth(operator))
                .exchange().expectStatus().isOk().expectBody().jsonPath("$.state").isEqualTo("OPERATOR_APPROVED");

        byte[] countersigned = signedStatement();
        Reports reports = validate(countersigned);

        // an incremental update: the sealed file is the start of the countersigned one
        assertThat(countersigned).startsWith(sealed);
        List<SignatureWrapper> signatures = reports.getDiagnosticData().getSignatures().stream()
                // in file order: where each signed revision ends
                .sorted(Comparator.comparing(s -> s.getPDFRevision().getSignatureByteRange().get(2)
                        .add(s.getPDFRevision().getSignatureByteRange().get(3))))
                .toList();
        assertThat(signatures).hasSize(2);
        signatures.forEach(signature -> assertSealed(reports, signature));
        assertThat(signatures.get(0).getPDFRevision().getSignatureFieldNames())
                .containsExactly(DocumentRenderer.APPLICANT_SIGNATURE);
        SignatureWrapper countersignature = signatures.get(1);
        assertThat(countersignature.getPDFRevision().getSignatureFieldNames())
                .containsExactly(DocumentRenderer.REPRESENTATIVE_SIGNATURE);
        assertThat(countersignature.getPDFRevision().getSignerName()).endsWith("@test.local");
        assertThat(countersignature.getPDFRevision().getReason()).contains("Kontrasygnata", ppt.id, "Dowód osobisty",
                "w imieniu przedstawiciela");

        // the same operator (or another) cannot countersign twice
        web.post().uri("/api/v1/operator/applications/{id}/approve", ppt.id).headers(h -> h.setBearerAuth(operator))
                .exchange().expectStatus().isEqualTo(409);
        assertThat(signedStatement()).isEqualTo(countersigned);
        // each use of the seal key is on record, for this application, with the digest it signed
        assertThat(context.getBean(DatabaseClient.class).sql(
                        "SELECT result, hashes FROM audit_record WHERE operation = 'seal' AND user_id = :for ORDER BY seq")
                .bind("for", "application:" + ppt.id).map(row -> row.get("result", String.class) + " "
                        + row.get("hashes", String.class).matches("[A-Za-z0-9+/]{42,}={0,2}")).all().collectList().block())
                .containsExactly("OK true", "OK true");
    }

    @Test
    void ofTwoOperatorsCountersigningAtOnceOneSignatureIsKept() {
        ppt.post("statement/sign", Map.of("code", ppt.statementCode())).expectStatus().isOk();
        List<String> operators = List.of(ppt.newOperator(), ppt.newOperator());

        List<Integer> statuses = operators.stream()
                .map(operator -> CompletableFuture.supplyAsync(() -> web.post()
                        .uri("/api/v1/operator/applications/{id}/approve", ppt.id).headers(h -> h.setBearerAuth(operator))
                        .exchange().expectBody().returnResult().getStatus().value()))
                .toList().stream().map(CompletableFuture::join).toList();

        assertThat(statuses).containsExactlyInAnyOrder(200, 409);
        assertThat(validate(signedStatement()).getDiagnosticData().getSignatures()).hasSize(2);
    }

    @Test
    void aChangedByteBreaksBothSignatures() {
        ppt.post("statement/sign", Map.of("code", ppt.statementCode())).expectStatus().isOk();
        String operator = ppt.newOperator();
        web.post().uri("/api/v1/operator/applications/{id}/approve", ppt.id).headers(h -> h.setBearerAuth(operator))
                .exchange().expectStatus().isOk();
        byte[] tampered = signedStatement();
        // a byte of the first revision's header comment: covered by both signatures, harmless to a PDF parser
        tampered[10] ^= 0x01;

        Reports reports = validate(tampered);

        List<SignatureWrapper> signatures = reports.getDiagnosticData().getSignatures();
        assertThat(signatures).hasSize(2).allSatisfy(signature -> {
            assertThat(signature.isSignatureIntact()).isFalse();
            assertThat(reports.getSimpleReport().getIndication(signature.getId())).isEqualTo(Indication.TOTAL_FAILED);
            assertThat(reports.getSimpleReport().getSubIndication(signature.getId())).isEqualTo(SubIndication.HASH_FAILURE);
        });
    }

    private void assertSealed(Reports reports, SignatureWrapper signature) {
        SimpleReport simple = reports.getSimpleReport();
        String id = signature.getId();
        String described = simple.getSignatureFormat(id) + " " + simple.getIndication(id) + "/" + simple.getSubIndication(id)
                + " errors=" + simple.getAdESValidationErrors(id).stream().map(Message::getValue).toList();
        assertThat(signature.isSignatureIntact()).as(described).isTrue();
        assertThat(signature.isSignatureValid()).as(described).isTrue();
        assertThat(signature.isBLevelTechnicallyValid()).as(described).isTrue();
        assertThat(simple.getSignatureFormat(id)).as(described).isEqualTo(SignatureLevel.PAdES_BASELINE_T);
        assertThat(signature.getSigningCertificate().getId()).as(described)
                .isEqualTo(new CertificateToken(context.getBean(QtspSeal.class).chain().getFirst()).getDSSIdAsString());
        assertThat(signature.getPDFRevision().arePdfModificationsDetected()).as(described).isFalse();
        // the CA publishes no revocation data for the seal: that, and only that, keeps the indication from TOTAL_PASSED
        if (simple.getIndication(id) != Indication.TOTAL_PASSED) {
            assertThat(simple.getIndication(id)).as(described).isEqualTo(Indication.INDETERMINATE);
            assertThat(simple.getSubIndication(id)).as(described).isEqualTo(SubIndication.CERTIFICATE_CHAIN_GENERAL_FAILURE);
            assertThat(simple.getAdESValidationErrors(id)).extracting(Message::getValue).as(described)
                    .containsExactlyInAnyOrder("The certificate validation is not conclusive!",
                            "No revocation data found for the certificate!");
        }
        List<TimestampWrapper> timestamps = signature.getTimestampList();
        assertThat(timestamps).as(described).hasSize(1);
        TimestampWrapper timestamp = timestamps.getFirst();
        assertThat(timestamp.getType()).isEqualTo(TimestampType.SIGNATURE_TIMESTAMP);
        assertThat(timestamp.isMessageImprintDataFound() && timestamp.isMessageImprintDataIntact()).as(described).isTrue();
        assertThat(timestamp.isSignatureIntact() && timestamp.isSignatureValid()).as(described).isTrue();
    }

    private byte[] signedStatement() {
        return web.get().uri("/api/v1/applications/{id}/statement/signed.pdf", ppt.id)
                .headers(h -> h.setBearerAuth(ppt.applicant)).exchange().expectStatus().isOk()
                .expectHeader().contentType(MediaType.APPLICATION_PDF)
                .expectBody(byte[].class).returnResult().getResponseBody();
    }

    private Reports validate(byte[] pdf) {
        SignedDocumentValidator validator = SignedDocumentValidator.fromDocument(new InMemoryDocument(pdf, "statement.pdf"));
        CommonCertificateVerifier verifier = new CommonCertificateVerifier();
        CommonTrustedCertificateSource trusted = new CommonTrustedCertificateSource();
        trusted.addCertificate(new CertificateToken(context.getBean(CertificateAuthority.class).chain().getLast()));
        verifier.setTrustedCertSources(trusted);
        validator.setCertificateVerifier(verifier);
        return validator.validateDocument();
    }
}
