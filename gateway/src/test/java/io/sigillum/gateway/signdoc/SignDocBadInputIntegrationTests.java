package io.sigillum.gateway.signdoc;

import static org.assertj.core.api.Assertions.assertThat;

import io.sigillum.gateway.credential.Credential;
import io.sigillum.gateway.support.CscClient;
import io.sigillum.gateway.support.PlatformIntegrationTest;
import io.sigillum.gateway.support.SigningFixtures;
import io.sigillum.signer.algorithm.KeyAlgorithm;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;

/**
 * Every kind of bad signDoc input gets a CSC error and signs nothing; where the SAD was not at fault, it is not spent
 * either: the same SAD then signs the authorized document.
 */
class SignDocBadInputIntegrationTests extends PlatformIntegrationTest {

    private static final byte[] PDF = SignDocFixtures.pdf("Umowa");

    private Credential credential;
    private String sad;

    @BeforeEach
    void authorizeOneDocument() {
        credential = fixtures.credential(platform, KeyAlgorithm.EC_P256);
        sad = client.authorize(credential.id(), List.of(SignDocFixtures.sha256(PDF)), 1, SigningFixtures.PIN,
                client.challenge(credential.id(), credential.phone()));
    }

    @Test
    void malformedDocumentsAreRefusedAndTheSadStaysUnspent() {
        expect(HttpStatus.BAD_REQUEST, body(document("not base64 at all!", "P")), "Invalid Base64 document (documents[0])");
        expect(HttpStatus.BAD_REQUEST, body(document(base64("plain text, no PDF".getBytes()), "P")), "not a PDF");
        byte[] encrypted = SignDocFixtures.pdf("Tajne", Optional.of("user-secret"));
        expect(HttpStatus.BAD_REQUEST, body(document(base64(encrypted), "P")), "the PDF is encrypted");
        expect(HttpStatus.BAD_REQUEST, body(document(base64("not xml".getBytes()), "X")),
                "cannot be signed with signature_format X, signed_envelope_property Enveloped");
        // XML all the same, which the library will not parse to sign inside: told so, and how it can be signed
        expect(HttpStatus.BAD_REQUEST, body(document(base64("\uFEFF<a>UTF-16</a>".getBytes(StandardCharsets.UTF_16BE)), "X")),
                "sign it Enveloping or Detached");
        expect(HttpStatus.BAD_REQUEST, body(document(base64("<?xml version=\"1.0\"?><!DOCTYPE a [<!ENTITY e \"x\">]><a>&e;</a>"
                .getBytes()), "X")), "document type declaration");
        // the library's reason, without the Java class name it prefixes to a wrapped cause
        client.call("signatures/signDoc", body(document(base64("%PDF-1.7\n%%EOF\n".getBytes()), "P")))
                .expectStatus().isBadRequest().expectBody().jsonPath("$.error_description").value(d -> assertThat((String) d)
                        .contains("cannot be signed with signature_format P").doesNotContain("java.").doesNotContain("Exception"));

        signsTheAuthorizedDocument();
    }

    /** A reader that recurses overflows its stack: a 400 at once, not a call holding its permit until its deadline. */
    @Test
    void aPdfNestedTooDeeplyToReadIsRefusedAtOnce() {
        long started = System.nanoTime();
        expect(HttpStatus.BAD_REQUEST, body(document(base64(pageTreeDeeperThanAnyStack(5_000)), "P")), "nested too deeply");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(20));

        signsTheAuthorizedDocument();
    }

    /** An enveloped XAdES signature that would not verify in its document is not released as the holder's. */
    @Test
    void anEnvelopedSignatureThatWouldNotVerifyIsRefusedAndItsGrantGivenBack() {
        byte[] xml = "<r/><?pi after?>".getBytes(StandardCharsets.UTF_8);
        Credential signer = fixtures.credential(platform, KeyAlgorithm.EC_P256);
        String grant = client.authorize(signer.id(), List.of(SignDocFixtures.sha256(xml)), 1, SigningFixtures.PIN,
                client.challenge(signer.id(), signer.phone()));
        Map<String, Object> enveloped = document(base64(xml), "X");
        client.call("signatures/signDoc", Map.of("credentialID", signer.id(), "SAD", grant, "documents", List.of(enveloped)))
                .expectStatus().isBadRequest().expectBody().jsonPath("$.error_description")
                .value(d -> assertThat((String) d).contains("does not verify"));
        // from B-T on, DSS checks the signature itself before it timestamps it, and refuses
        enveloped.put("conformance_level", "AdES-B-T");
        client.call("signatures/signDoc", Map.of("credentialID", signer.id(), "SAD", grant, "documents", List.of(enveloped)))
                .expectStatus().isBadRequest().expectBody().jsonPath("$.error_description")
                .value(d -> assertThat((String) d).contains("cannot be signed at AdES-B-T"));

        Map<String, Object> enveloping = document(base64(xml), "X");
        enveloping.put("signed_envelope_property", "Enveloping");
        client.ok("signatures/signDoc", Map.of("credentialID", signer.id(), "SAD", grant, "documents", List.of(enveloping)));
    }

    /**
     * An empty ds:Signature element is left out of what an enveloped signature signs, and makes the signed document one a
     * validator cannot read: refused, the grant given back for the document signed another way.
     */
    @Test
    void aDocumentHoldingAnEmptyDsSignatureIsNotSignedEnveloped() {
        byte[] xml = ("<doc><amount>100.00</amount><ds:Signature xmlns:ds=\"http://www.w3.org/2000/09/xmldsig#\" Id=\"fake\"/>"
                + "</doc>").getBytes(StandardCharsets.UTF_8);
        Credential signer = fixtures.credential(platform, KeyAlgorithm.EC_P256);
        String grant = refusedEnveloped(signer, xml);
        Map<String, Object> detached = document(base64(xml), "X");
        detached.put("signed_envelope_property", "Detached");
        client.ok("signatures/signDoc", Map.of("credentialID", signer.id(), "SAD", grant, "documents", List.of(detached)));
    }

    /**
     * Content hidden in something that passes for a signature (a SignedInfo first, then the payee; or text in a
     * ds:Object) would go unsigned by an enveloped signature, which leaves every ds:Signature out: refused. A real
     * signature, such as the gateway's own, is signed beside (a parallel signature).
     */
    @Test
    void contentHiddenInALookAlikeSignatureIsNotSignedEnvelopedAndARealSignatureIsSignedBeside() {
        String ds = "xmlns:ds=\"http://www.w3.org/2000/09/xmldsig#\"";
        for (String hidden : List.of("<ds:Signature " + ds + "><ds:SignedInfo/><payee>Alice</payee></ds:Signature>",
                "<a><b><ds:Signature " + ds + "><ds:SignedInfo/><ds:SignatureValue/><ds:Object>IBAN PL61109010140000071219812874"
                        + "</ds:Object></ds:Signature></b></a>")) {
            refusedEnveloped(fixtures.credential(platform, KeyAlgorithm.EC_P256),
                    ("<invoice><amount>100</amount>" + hidden + "</invoice>").getBytes(StandardCharsets.UTF_8));
        }

        byte[] xml = "<invoice><amount>100</amount></invoice>".getBytes(StandardCharsets.UTF_8);
        Credential signer = fixtures.credential(platform, KeyAlgorithm.EC_P256);
        String first = client.authorize(signer.id(), List.of(SignDocFixtures.sha256(xml)), 1, SigningFixtures.PIN,
                client.challenge(signer.id(), signer.phone()));
        byte[] signed = Base64.getDecoder().decode(client.ok("signatures/signDoc", Map.of("credentialID", signer.id(), "SAD", first,
                "documents", List.of(document(base64(xml), "X")))).get("DocumentWithSignature").get(0).asString());
        Credential cosigner = fixtures.credential(platform, KeyAlgorithm.EC_P256);
        String second = client.authorize(cosigner.id(), List.of(SignDocFixtures.sha256(signed)), 1, SigningFixtures.PIN,
                client.challenge(cosigner.id(), cosigner.phone()));
        client.ok("signatures/signDoc", Map.of("credentialID", cosigner.id(), "SAD", second, "documents",
                List.of(document(base64(signed), "X"))));
    }

    /** Authorizes {@code xml} for {@code signer}, and its XAdES Enveloped is refused as no signature alone; the grant. */
    private String refusedEnveloped(Credential signer, byte[] xml) {
        String grant = client.authorize(signer.id(), List.of(SignDocFixtures.sha256(xml)), 1, SigningFixtures.PIN,
                client.challenge(signer.id(), signer.phone()));
        client.call("signatures/signDoc", Map.of("credentialID", signer.id(), "SAD", grant, "documents",
                        List.of(document(base64(xml), "X"))))
                .expectStatus().isBadRequest().expectBody().jsonPath("$.error_description")
                .value(d -> assertThat((String) d).contains("not only a signature"));
        return grant;
    }

    /** A PDF whose one page sits under {@code depth} page-tree nodes, each the only kid of the one above it. */
    private static byte[] pageTreeDeeperThanAnyStack(int depth) {
        StringBuilder pdf = new StringBuilder("%PDF-1.7\n");
        List<Integer> offsets = new ArrayList<>();
        offsets.add(pdf.length());
        pdf.append("1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n");
        for (int node = 2; node < depth + 2; node++) {
            offsets.add(pdf.length());
            pdf.append(node).append(" 0 obj<</Type/Pages/Count 1/Kids[").append(node + 1).append(" 0 R]>>endobj\n");
        }
        offsets.add(pdf.length());
        pdf.append(depth + 2).append(" 0 obj<</Type/Page/MediaBox[0 0 10 10]>>endobj\n");
        int xref = pdf.length();
        pdf.append("xref\n0 ").append(offsets.size() + 1).append("\n0000000000 65535 f \n");
        offsets.forEach(offset -> pdf.append(String.format("%010d 00000 n \n", offset)));
        pdf.append("trailer<</Size ").append(offsets.size() + 1).append("/Root 1 0 R>>\nstartxref\n").append(xref).append("\n%%EOF\n");
        return pdf.toString().getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void unknownFormatsLevelsAndEnvelopesAreRefused() {
        expect(HttpStatus.BAD_REQUEST, body(document(base64(PDF), "Z")), "Invalid parameter signature_format");
        Map<String, Object> level = document(base64(PDF), "P");
        level.put("conformance_level", "AdES-X-L");
        expect(HttpStatus.BAD_REQUEST, body(level), "Invalid parameter conformance_level");
        Map<String, Object> envelope = document(base64(PDF), "P");
        envelope.put("signed_envelope_property", "Enveloped");
        expect(HttpStatus.BAD_REQUEST, body(envelope), "Invalid parameter signed_envelope_property");
        Map<String, Object> rsa = document(base64(PDF), "P");
        rsa.put("signAlgo", "1.2.840.113549.1.1.11");
        expect(HttpStatus.BAD_REQUEST, body(rsa), "the credential's key is EC");
        expect(HttpStatus.BAD_REQUEST, Map.of("credentialID", credential.id(), "SAD", sad, "documentDigests", List.of(Map.of(
                "hashes", List.of(SignDocFixtures.sha256(PDF)), "hashAlgorithmOID", CscClient.SHA256, "signature_format", "P",
                "signAlgo", CscClient.ECDSA_SHA256))), "PAdES needs the document");
        for (String[] digestEnvelope : List.of(new String[] {"C", "Attached"}, new String[] {"X", "Enveloped"},
                new String[] {"X", "Enveloping"}, new String[] {"J", "Attached"})) {
            expect(HttpStatus.BAD_REQUEST, Map.of("credentialID", credential.id(), "SAD", sad, "documentDigests", List.of(Map.of(
                    "hashes", List.of(SignDocFixtures.sha256(PDF)), "hashAlgorithmOID", CscClient.SHA256,
                    "signature_format", digestEnvelope[0], "signed_envelope_property", digestEnvelope[1],
                    "conformance_level", "AdES-B-T",
                    "signAlgo", CscClient.ECDSA_SHA256))), "a signature over documentDigests is Detached");
        }
        // an archive timestamp covers the signed data, which a digest is not: refused before anything is spent
        for (String format : List.of("C", "X", "J")) {
            expect(HttpStatus.BAD_REQUEST, Map.of("credentialID", credential.id(), "SAD", sad, "documentDigests", List.of(Map.of(
                    "hashes", List.of(SignDocFixtures.sha256(PDF)), "hashAlgorithmOID", CscClient.SHA256,
                    "signature_format", format, "conformance_level", "AdES-B-LTA",
                    "signAlgo", CscClient.ECDSA_SHA256))), "AdES-B-LTA needs the document");
        }
        expect(HttpStatus.BAD_REQUEST, Map.of("credentialID", credential.id(), "SAD", sad), "Send either documents or documentDigests");
        Map<String, Object> otherQualifier = body(document(base64(PDF), "P"));
        otherQualifier.put("signatureQualifier", "eu_eidas_aes");
        expect(HttpStatus.BAD_REQUEST, otherQualifier, "signatureQualifier does not match the credential's (eu_eidas_qes)");
        Map<String, Object> qualifierAlone = body(document(base64(PDF), "P"));
        qualifierAlone.remove("credentialID");
        qualifierAlone.put("signatureQualifier", "eu_eidas_qes");
        expect(HttpStatus.BAD_REQUEST, qualifierAlone, "signatureQualifier is not supported; send credentialID");

        // the credential's own qualifier beside its ID is what it is
        Map<String, Object> ownQualifier = body(document(base64(PDF), "P"));
        ownQualifier.put("signatureQualifier", "eu_eidas_qes");
        assertThat(client.ok("signatures/signDoc", ownQualifier).get("DocumentWithSignature")).hasSize(1);
    }

    @Test
    void documentsOverTheLimitsAreRefusedWith413() {
        byte[] large = new byte[520 * 1024];
        System.arraycopy(PDF, 0, large, 0, PDF.length);
        expect(HttpStatus.CONTENT_TOO_LARGE, body(document(base64(large), "P")), "Document too large (documents[0])");
        List<Map<String, Object>> many = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            many.add(document(base64("small".getBytes()), "C"));
        }
        expect(HttpStatus.CONTENT_TOO_LARGE, Map.of("credentialID", credential.id(), "SAD", sad, "documents", many),
                "Too many documents");

        signsTheAuthorizedDocument();
    }

    @Test
    void documentsTheSadDoesNotCoverAreRefusedAndNothingIsSigned() {
        byte[] other = SignDocFixtures.pdf("Inna umowa");
        expect(HttpStatus.BAD_REQUEST, body(document(base64(other), "P")), "Hash is not authorized by the SAD");
        expect(HttpStatus.BAD_REQUEST, Map.of("credentialID", credential.id(), "SAD", sad,
                "documents", List.of(document(base64(PDF), "P"), document(base64(PDF), "P"))), "allows only 1 more signature");
        Map<String, Object> sha512 = body(document(base64(PDF), "P"));
        sha512.put("hashAlgorithmOID", "2.16.840.1.101.3.4.2.3");
        expect(HttpStatus.BAD_REQUEST, sha512, "issued for another hash algorithm");

        signsTheAuthorizedDocument();
        expect(HttpStatus.BAD_REQUEST, body(document(base64(PDF), "P")), "SAD unknown or expired");
    }

    private void signsTheAuthorizedDocument() {
        String signed = client.ok("signatures/signDoc", body(document(base64(PDF), "P")))
                .get("DocumentWithSignature").get(0).asString();
        assertThat(Base64.getDecoder().decode(signed).length).isGreaterThan(PDF.length);
    }

    private void expect(HttpStatus status, Map<String, Object> body, String descriptionPart) {
        client.call("signatures/signDoc", body).expectStatus().isEqualTo(status)
                .expectHeader().contentType(MediaType.APPLICATION_JSON)
                .expectBody()
                .jsonPath("$.error").isEqualTo("invalid_request")
                .jsonPath("$.error_description").value(d -> assertThat((String) d).contains(descriptionPart));
    }

    private Map<String, Object> body(Map<String, Object> document) {
        Map<String, Object> body = new HashMap<>(Map.of("credentialID", credential.id(), "SAD", sad));
        body.put("documents", List.of(document));
        return body;
    }

    private static Map<String, Object> document(String content, String format) {
        return new HashMap<>(Map.of("document", content, "signature_format", format, "conformance_level", "AdES-B-B",
                "signAlgo", CscClient.ECDSA_SHA256));
    }

    private static String base64(byte[] content) {
        return Base64.getEncoder().encodeToString(content);
    }
}
