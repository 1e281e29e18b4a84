package io.sigillum.gateway.signdoc;

import static org.assertj.core.api.Assertions.assertThat;

import eu.europa.esig.dss.diagnostic.SignatureWrapper;
import eu.europa.esig.dss.diagnostic.TimestampWrapper;
import eu.europa.esig.dss.enumerations.EncryptionAlgorithm;
import eu.europa.esig.dss.enumerations.Indication;
import eu.europa.esig.dss.enumerations.SignatureLevel;
import eu.europa.esig.dss.enumerations.TimestampType;
import eu.europa.esig.dss.model.x509.CertificateToken;
import eu.europa.esig.dss.simplereport.SimpleReport;
import eu.europa.esig.dss.validation.reports.Reports;
import io.sigillum.gateway.account.AccountService;
import io.sigillum.gateway.ca.CaLocations;
import io.sigillum.gateway.credential.Credential;
import io.sigillum.gateway.issuance.IssuanceFixtures;
import io.sigillum.gateway.revocation.RevocationData;
import io.sigillum.gateway.support.CscClient;
import io.sigillum.gateway.support.PlatformIntegrationTest;
import io.sigillum.gateway.support.SigningFixtures;
import io.sigillum.signer.algorithm.KeyAlgorithm;
import io.sigillum.signer.ca.CertificateAuthority;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.RSASSAPSSparams;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.cert.ocsp.BasicOCSPResp;
import org.bouncycastle.cert.ocsp.OCSPResp;
import org.bouncycastle.cert.ocsp.RevokedStatus;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

/**
 * signDoc end to end over HTTP: every format × envelope × level is signed through the CSC API and validated by the DSS
 * validation process with our root as the only trust anchor.
 */
class SignDocIntegrationTests extends PlatformIntegrationTest {

    /** One way to sign: CSC format, envelope and level, the DSS level it must be detected as, the document. */
    record Case(String format, String envelope, String level, SignatureLevel expected, boolean detached, byte[] document) {

        @Override
        public String toString() {
            return format + " " + envelope + " " + level;
        }
    }

    static Stream<Case> cases() {
        byte[] pdf = SignDocFixtures.pdf("Umowa nr 42/2026");
        byte[] xml = SignDocFixtures.bytes(SignDocFixtures.XML);
        byte[] json = SignDocFixtures.bytes(SignDocFixtures.JSON);
        byte[] binary = SignDocFixtures.bytes("contract text, any bytes at all");
        return Stream.of("B", "T", "LT", "LTA").flatMap(level -> {
            String csc = "AdES-B-" + level;
            return Stream.of(
                    new Case("P", "Certification", csc, SignatureLevel.valueOf("PAdES_BASELINE_" + level), false, pdf),
                    new Case("P", "Revision", csc, SignatureLevel.valueOf("PAdES_BASELINE_" + level), false, pdf),
                    new Case("C", "Attached", csc, SignatureLevel.valueOf("CAdES_BASELINE_" + level), false, binary),
                    new Case("C", "Detached", csc, SignatureLevel.valueOf("CAdES_BASELINE_" + level), true, binary),
                    new Case("X", "Enveloped", csc, SignatureLevel.valueOf("XAdES_BASELINE_" + level), false, xml),
                    new Case("X", "Enveloping", csc, SignatureLevel.valueOf("XAdES_BASELINE_" + level), false, xml),
                    new Case("X", "Detached", csc, SignatureLevel.valueOf("XAdES_BASELINE_" + level), true, xml),
                    new Case("J", "Attached", csc, SignatureLevel.valueOf("JAdES_BASELINE_" + level), false, json),
                    new Case("J", "Detached", csc, SignatureLevel.valueOf("JAdES_BASELINE_" + level), true, json));
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void everyFormatEnvelopeAndLevelValidatesInDss(Case signing) {
        Credential credential = fixtures.credential(platform, KeyAlgorithm.EC_P256);
        String sad = authorize(credential, List.of(SignDocFixtures.sha256(signing.document())));

        JsonNode response = client.ok("signatures/signDoc", Map.of("credentialID", credential.id(), "SAD", sad,
                "returnValidationInfo", true, "documents", List.of(Map.of("document", SignDocFixtures.base64(signing.document()),
                        "signature_format", signing.format(), "conformance_level", signing.level(),
                        "signed_envelope_property", signing.envelope(), "signAlgo", CscClient.ECDSA_SHA256))));

        // a detached signature is a SignatureObject, a document with its signature in it a DocumentWithSignature (CSC)
        String field = signing.detached() ? "SignatureObject" : "DocumentWithSignature";
        assertThat(response.has(signing.detached() ? "DocumentWithSignature" : "SignatureObject")).isFalse();
        byte[] signed = Base64.getDecoder().decode(response.get(field).get(0).asString());
        Reports reports = SignDocFixtures.validate(signed, signing.detached() ? Optional.of(signing.document()) : Optional.empty(),
                root(), revocation());
        assertValid(reports, signing.expected(), credential);
        JsonNode validationInfo = response.get("validationInfo");
        boolean timestamped = !signing.level().equals("AdES-B-B");
        // the signer's chain (+ the time-stamping unit); OCSP for the signer (+ the unit); the issuing CA's and the root's CRL
        assertThat(validationInfo.get("certificates")).hasSize(timestamped ? 4 : 3);
        assertThat(validationInfo.get("ocsp")).hasSize(timestamped ? 2 : 1);
        assertThat(validationInfo.get("crl")).hasSize(2);
    }

    static Stream<Case> pssCases() {
        return cases().filter(signing -> signing.level().equals("AdES-B-B") || signing.level().equals("AdES-B-T"))
                .filter(signing -> !signing.envelope().equals("Certification") && !signing.envelope().equals("Enveloping"));
    }

    /** RSASSA-PSS as the client names it (signAlgo and signAlgoParams): the signature is PSS, and says so. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("pssCases")
    void rsassaPssSignaturesAreMadeAndDeclaredAsPss(Case signing) throws Exception {
        Credential credential = fixtures.credential(platform, KeyAlgorithm.RSA_2048);
        String sad = authorize(credential, List.of(SignDocFixtures.sha256(signing.document())));
        AlgorithmIdentifier sha256 = new AlgorithmIdentifier(NISTObjectIdentifiers.id_sha256, DERNull.INSTANCE);
        byte[] pss = new RSASSAPSSparams(sha256, new AlgorithmIdentifier(PKCSObjectIdentifiers.id_mgf1, sha256),
                new ASN1Integer(32), RSASSAPSSparams.DEFAULT_TRAILER_FIELD).getEncoded();

        JsonNode response = client.ok("signatures/signDoc", Map.of("credentialID", credential.id(), "SAD", sad,
                "documents", List.of(Map.of("document", SignDocFixtures.base64(signing.document()),
                        "signature_format", signing.format(), "conformance_level", signing.level(),
                        "signed_envelope_property", signing.envelope(), "signAlgo", "1.2.840.113549.1.1.10",
                        "signAlgoParams", Base64.getEncoder().encodeToString(pss)))));

        String field = signing.detached() ? "SignatureObject" : "DocumentWithSignature";
        byte[] signed = Base64.getDecoder().decode(response.get(field).get(0).asString());
        Reports reports = SignDocFixtures.validate(signed, signing.detached() ? Optional.of(signing.document()) : Optional.empty(),
                root(), revocation());
        assertValid(reports, signing.expected(), credential);
        assertThat(SignDocFixtures.onlySignature(reports).getEncryptionAlgorithm()).as(SignDocFixtures.describe(reports))
                .isEqualTo(EncryptionAlgorithm.RSASSA_PSS);
    }

    @Test
    void documentDigestsWithoutAnEnvelopeAreSignedDetached() {
        Credential credential = fixtures.credential(platform, KeyAlgorithm.EC_P256);
        byte[] document = SignDocFixtures.bytes("a document sent as its digest");
        String sad = authorize(credential, List.of(SignDocFixtures.sha256(document)));
        Map<String, Object> digests = new java.util.HashMap<>(digests(List.of(SignDocFixtures.sha256(document)), "C", "AdES-B-T"));
        digests.remove("signed_envelope_property");

        JsonNode response = client.ok("signatures/signDoc", Map.of("credentialID", credential.id(), "SAD", sad,
                "documentDigests", List.of(digests)));
        assertValid(SignDocFixtures.validate(decode(response.get("SignatureObject").get(0)), Optional.of(document), root(),
                revocation()), SignatureLevel.CAdES_BASELINE_T, credential);
    }

    @Test
    void aSignedPdfGetsAnApprovalSignatureByDefaultAndACertificationOnlyWhenItIsTheFirst() {
        Credential first = fixtures.credential(platform, KeyAlgorithm.EC_P256);
        Credential second = fixtures.credential(platform, KeyAlgorithm.EC_P256);
        byte[] pdf = SignDocFixtures.pdf("Umowa dla dwóch stron");
        byte[] once = signPdf(first, pdf, Optional.empty());
        String sad = authorize(second, List.of(SignDocFixtures.sha256(once)));
        client.call("signatures/signDoc", Map.of("credentialID", second.id(), "SAD", sad, "documents", List.of(Map.of(
                        "document", SignDocFixtures.base64(once), "signature_format", "P", "signed_envelope_property", "Certification",
                        "signAlgo", CscClient.ECDSA_SHA256))))
                .expectStatus().isBadRequest().expectBody().jsonPath("$.error_description")
                .value(text -> assertThat((String) text).contains("certification signature must be its first"));

        byte[] twice = signPdf(second, once, Optional.of(sad));
        Reports reports = SignDocFixtures.validate(twice, Optional.empty(), root(), revocation());
        assertThat(reports.getSimpleReport().getSignatureIdList()).hasSize(2);
        reports.getSimpleReport().getSignatureIdList().forEach(id -> assertThat(reports.getSimpleReport().getIndication(id))
                .as(SignDocFixtures.describe(reports)).isEqualTo(Indication.TOTAL_PASSED));
    }

    /** Signs a PDF with PAdES at level B, the envelope left to its default. */
    private byte[] signPdf(Credential credential, byte[] pdf, Optional<String> authorized) {
        String sad = authorized.orElseGet(() -> authorize(credential, List.of(SignDocFixtures.sha256(pdf))));
        return Base64.getDecoder().decode(client.ok("signatures/signDoc", Map.of("credentialID", credential.id(), "SAD", sad,
                "documents", List.of(Map.of("document", SignDocFixtures.base64(pdf), "signature_format", "P",
                        "signAlgo", CscClient.ECDSA_SHA256)))).get("DocumentWithSignature").get(0).asString());
    }

    @Test
    void documentDigestsAreSignedAsDetachedSignaturesThatValidateAgainstTheDocuments() {
        Credential credential = fixtures.credential(platform, KeyAlgorithm.EC_P256);
        byte[] first = SignDocFixtures.bytes("first document");
        byte[] second = SignDocFixtures.bytes(SignDocFixtures.XML);
        byte[] third = SignDocFixtures.bytes(SignDocFixtures.JSON);
        List<String> hashes = List.of(SignDocFixtures.sha256(first), SignDocFixtures.sha256(second), SignDocFixtures.sha256(third));
        String sad = authorize(credential, hashes);

        JsonNode response = client.ok("signatures/signDoc", Map.of("credentialID", credential.id(), "SAD", sad,
                "documentDigests", List.of(
                        digests(List.of(hashes.get(0)), "C", "AdES-B-T"),
                        digests(List.of(hashes.get(1)), "X", "AdES-B-B"),
                        digests(List.of(hashes.get(2)), "J", "AdES-B-T"))));

        JsonNode signatures = response.get("SignatureObject");
        assertThat(signatures).hasSize(3);
        assertValid(SignDocFixtures.validate(decode(signatures.get(0)), Optional.of(first), root(), revocation()),
                SignatureLevel.CAdES_BASELINE_T, credential);
        assertValid(SignDocFixtures.validate(decode(signatures.get(1)), Optional.of(second), root(), revocation()),
                SignatureLevel.XAdES_BASELINE_B, credential);
        assertValid(SignDocFixtures.validate(decode(signatures.get(2)), Optional.of(third), root(), revocation()),
                SignatureLevel.JAdES_BASELINE_T, credential);
        Map<String, Object> audited = context.getBean(DatabaseClient.class).sql(
                        "SELECT operation, hashes, result FROM audit_record WHERE credential_id = :c AND operation = 'signDoc'")
                .bind("c", credential.id()).fetch().one().block();
        assertThat(audited).containsEntry("hashes", String.join(",", hashes)).containsEntry("result", "OK");
    }

    @Test
    void aSignatureMadeBeforeARevocationStaysValidAtLtaAndNoneIsMadeAfterIt() throws Exception {
        Credential credential = fixtures.credential(platform, KeyAlgorithm.EC_P256);
        byte[] before = SignDocFixtures.bytes("signed while the certificate was good");
        byte[] after = SignDocFixtures.bytes("signed after the revocation");
        String sad = authorize(credential, List.of(SignDocFixtures.sha256(before), SignDocFixtures.sha256(after)));
        byte[] signed = decode(client.ok("signatures/signDoc", Map.of("credentialID", credential.id(), "SAD", sad,
                "documents", List.of(Map.of("document", SignDocFixtures.base64(before), "signature_format", "C",
                        "conformance_level", "AdES-B-LTA", "signAlgo", CscClient.ECDSA_SHA256))))
                .get("DocumentWithSignature").get(0));

        IssuanceFixtures accounts = new IssuanceFixtures(web, context.getBean(AccountService.class));
        IssuanceFixtures.Operator operator = accounts.newOperator(accounts.newOrganisationAdmin());
        context.getBean(DatabaseClient.class)
                .sql("UPDATE credential SET organisation_id = (SELECT organisation_id FROM user_account WHERE email = :email) "
                        + "WHERE id = :id")
                .bind("email", operator.email()).bind("id", credential.id()).then().block();
        web.post().uri("/api/v1/operator/credentials/{id}/revoke", credential.id()).headers(h -> h.setBearerAuth(operator.token()))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("reason", "keyCompromise"))
                .exchange().expectStatus().isOk();

        // our OCSP responder now says "revoked", and a validator that may ask it still finds the signature valid: the
        // timestamps prove it came first. (Whether DSS asks at all depends on its own rule: not when the embedded answer
        // was made after the certificate's last use, which the embedded answer's whole-second times decide.)
        X509Certificate certificate = credential.certificate().orElseThrow();
        X509Certificate issuing = context.getBean(CertificateAuthority.class).chain().getFirst();
        BasicOCSPResp now = (BasicOCSPResp) new OCSPResp(context.getBean(RevocationData.class).ocspNow(certificate, issuing)
                .orElseThrow()).getResponseObject();
        assertThat(now.getResponses()[0].getCertStatus()).isInstanceOf(RevokedStatus.class);
        Reports reports = SignDocFixtures.validate(signed, Optional.empty(), root(), revocation());
        assertValid(reports, SignatureLevel.CAdES_BASELINE_LTA, credential);
        // the rest of the authorization buys nothing
        client.call("signatures/signDoc", Map.of("credentialID", credential.id(), "SAD", sad,
                        "documents", List.of(Map.of("document", SignDocFixtures.base64(after), "signature_format", "C",
                                "conformance_level", "AdES-B-LTA", "signAlgo", CscClient.ECDSA_SHA256))))
                .expectStatus().isBadRequest().expectBody().jsonPath("$.error_description")
                .isEqualTo("The signing certificate is revoked");
    }

    @Test
    void levelLtEmbedsAnOcspAnswerMadeThenNotOneReusedFromBefore() throws Exception {
        Credential credential = fixtures.credential(platform, KeyAlgorithm.EC_P256);
        X509Certificate certificate = credential.certificate().orElseThrow();
        X509Certificate issuing = context.getBean(CertificateAuthority.class).chain().getFirst();
        RevocationData data = context.getBean(RevocationData.class);
        Instant reused = producedAt(data.ocsp(certificate, issuing).block());
        Thread.sleep(1_100);
        Instant asked = Instant.now().truncatedTo(ChronoUnit.SECONDS);

        // what DSS asks for at level LT, after the signature's timestamp: produced now, not the responder's cached answer
        Instant embedded = producedAt(data.ocspNow(certificate, issuing).orElseThrow());

        assertThat(embedded).isAfter(reused).isAfterOrEqualTo(asked);
    }

    private static Instant producedAt(byte[] ocspResponse) throws Exception {
        return ((BasicOCSPResp) new OCSPResp(ocspResponse).getResponseObject()).getProducedAt().toInstant();
    }

    /**
     * A document that is itself a CMS signature is signed as the bytes the holder approved, wrapped whole: not the content
     * inside it, to which DSS by default adds a parallel signer (another hash than the SAD's).
     */
    @Test
    void aCmsSignatureSentAsTheDocumentIsSignedAsTheBytesApproved() throws Exception {
        byte[] p7m = cadesAttached(SignDocFixtures.bytes("contract text, any bytes at all"));
        byte[] wrapped = cadesAttached(p7m);

        org.bouncycastle.cms.CMSSignedData cms = new org.bouncycastle.cms.CMSSignedData(wrapped);
        assertThat(cms.getSignerInfos().size()).isEqualTo(1);
        assertThat((byte[]) cms.getSignedContent().getContent()).isEqualTo(p7m);
        byte[] digest = org.bouncycastle.asn1.ASN1OctetString.getInstance(cms.getSignerInfos().iterator().next().getSignedAttributes()
                .get(org.bouncycastle.asn1.cms.CMSAttributes.messageDigest).getAttrValues().getObjectAt(0)).getOctets();
        assertThat(Base64.getEncoder().encodeToString(digest)).isEqualTo(SignDocFixtures.sha256(p7m));
    }

    /** The document signed CAdES Attached at B-B by a credential of its own. */
    private byte[] cadesAttached(byte[] document) {
        Credential signer = fixtures.credential(platform, KeyAlgorithm.EC_P256);
        return decode(client.ok("signatures/signDoc", Map.of("credentialID", signer.id(), "SAD",
                authorize(signer, List.of(SignDocFixtures.sha256(document))), "documents", List.of(Map.of("document",
                        SignDocFixtures.base64(document), "signature_format", "C", "conformance_level", "AdES-B-B",
                        "signed_envelope_property", "Attached", "signAlgo", CscClient.ECDSA_SHA256))))
                .get("DocumentWithSignature").get(0));
    }

    /** What the signature says of the data it signs is what they are (EN 319 132-1 §5.2.4), not octets. */
    @Test
    void aSignatureNamesTheMediaTypeOfTheDocument() {
        Credential credential = fixtures.credential(platform, KeyAlgorithm.EC_P256);
        byte[] xml = SignDocFixtures.bytes(SignDocFixtures.XML);
        String signature = new String(decode(client.ok("signatures/signDoc", Map.of("credentialID", credential.id(), "SAD",
                authorize(credential, List.of(SignDocFixtures.sha256(xml))), "documents", List.of(Map.of("document",
                        SignDocFixtures.base64(xml), "signature_format", "X", "conformance_level", "AdES-B-B",
                        "signed_envelope_property", "Detached", "signAlgo", CscClient.ECDSA_SHA256))))
                .get("SignatureObject").get(0)), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(signature).containsPattern("MimeType>text/xml<");
    }

    @Test
    void aChangedDocumentNoLongerValidates() {
        Credential credential = fixtures.credential(platform, KeyAlgorithm.EC_P256);
        byte[] xml = SignDocFixtures.bytes(SignDocFixtures.XML);
        String sad = authorize(credential, List.of(SignDocFixtures.sha256(xml)));
        byte[] signed = decode(client.ok("signatures/signDoc", Map.of("credentialID", credential.id(), "SAD", sad,
                "documents", List.of(Map.of("document", SignDocFixtures.base64(xml), "signature_format", "X",
                        "conformance_level", "Ades-B-B", "signAlgo", CscClient.ECDSA_SHA256))))
                .get("DocumentWithSignature").get(0));

        byte[] tampered = new String(signed, java.nio.charset.StandardCharsets.UTF_8).replace("100.00", "900.00")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);
        Reports reports = SignDocFixtures.validate(tampered, Optional.empty(), root());

        assertThat(reports.getSimpleReport().getIndication(reports.getSimpleReport().getFirstSignatureId()))
                .isEqualTo(Indication.TOTAL_FAILED);
        assertThat(SignDocFixtures.onlySignature(reports).isSignatureIntact()).isFalse();
    }

    private void assertValid(Reports reports, SignatureLevel expected, Credential credential) {
        SimpleReport simple = reports.getSimpleReport();
        String id = simple.getFirstSignatureId();
        SignatureWrapper signature = SignDocFixtures.onlySignature(reports);
        String described = SignDocFixtures.describe(reports);
        assertThat(signature.isSignatureIntact()).as(described).isTrue();
        assertThat(signature.isSignatureValid()).as(described).isTrue();
        assertThat(signature.isBLevelTechnicallyValid()).as(described).isTrue();
        assertThat(simple.getSignatureFormat(id)).as(described).isEqualTo(expected);
        assertThat(signature.getSigningCertificate().getId()).as(described)
                .isEqualTo(new CertificateToken(credential.certificate().orElseThrow()).getDSSIdAsString());
        // our root trusted, our OCSP responder and CRLs reachable: nothing is left undecided
        assertThat(simple.getIndication(id)).as(described).isEqualTo(Indication.TOTAL_PASSED);
        assertThat(simple.getAdESValidationErrors(id)).as(described).isEmpty();
        List<TimestampWrapper> timestamps = signature.getTimestampList();
        if (expected.name().endsWith("_LTA")) {
            assertThat(timestamps).extracting(TimestampWrapper::getType).as(described)
                    .contains(TimestampType.SIGNATURE_TIMESTAMP)
                    .containsAnyOf(TimestampType.ARCHIVE_TIMESTAMP, TimestampType.DOCUMENT_TIMESTAMP);
            assertThat(timestamps).allSatisfy(timestamp -> assertThat(timestamp.isSignatureValid()).as(described).isTrue());
        } else if (!expected.name().endsWith("_B")) {
            assertThat(timestamps).as(described).hasSize(1);
            TimestampWrapper timestamp = timestamps.getFirst();
            assertThat(timestamp.getType()).isEqualTo(TimestampType.SIGNATURE_TIMESTAMP);
            assertThat(timestamp.isMessageImprintDataFound() && timestamp.isMessageImprintDataIntact()).as(described).isTrue();
            assertThat(timestamp.isSignatureIntact() && timestamp.isSignatureValid()).as(described).isTrue();
            assertThat(timestamp.getTimestampedSignatures()).extracting(SignatureWrapper::getId).contains(signature.getId());
        } else {
            assertThat(timestamps).as(described).isEmpty();
        }
    }

    private String authorize(Credential credential, List<String> hashes) {
        return client.authorize(credential.id(), hashes, hashes.size(), SigningFixtures.PIN,
                client.challenge(credential.id(), credential.phone()));
    }

    private static Map<String, Object> digests(List<String> hashes, String format, String level) {
        return Map.of("hashes", hashes, "hashAlgorithmOID", CscClient.SHA256, "signature_format", format,
                "conformance_level", level, "signed_envelope_property", "Detached", "signAlgo", CscClient.ECDSA_SHA256);
    }

    private Optional<RevocationSources> revocation() {
        return Optional.of(RevocationSources.of(context.getBean(RevocationData.class), context.getBean(CaLocations.class)));
    }

    private X509Certificate root() {
        return context.getBean(CertificateAuthority.class).chain().getLast();
    }

    private static byte[] decode(JsonNode value) {
        return Base64.getDecoder().decode(value.asString());
    }
}
