package io.sigillum.gateway.csc;

import static org.assertj.core.api.Assertions.assertThat;

import io.sigillum.gateway.credential.Credential;
import io.sigillum.gateway.support.CscClient;
import io.sigillum.gateway.support.PlatformIntegrationTest;
import io.sigillum.gateway.support.SigningFixtures;
import io.sigillum.signer.algorithm.KeyAlgorithm;
import java.io.ByteArrayInputStream;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.RSASSAPSSparams;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.ASN1Integer;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The whole CSC journey of a platform, over HTTP, with every signature checked against the certificate. */
class RemoteSigningFlowIntegrationTests extends PlatformIntegrationTest {




    @Test
    void ecdsaBatchIsSignedInInputOrderAndEverySignatureVerifiesAgainstTheCertificate() throws Exception {
        Credential credential = fixtures.credential(platform, KeyAlgorithm.EC_P256);
        List<String> documents = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            documents.add("invoice " + i);
        }
        List<String> hashes = documents.stream().map(CscClient::sha256).toList();

        assertThat(client.ok("credentials/list", Map.of("userID", credential.userId())).get("credentialIDs").get(0).asString())
                .isEqualTo(credential.id());
        X509Certificate certificate = certificateFromInfo(credential.id());
        String otp = client.challenge(credential.id(), credential.phone());
        String sad = client.authorize(credential.id(), hashes, 100, SigningFixtures.PIN, otp);
        JsonNode signatures = client.ok("signatures/signHash", CscClient.signHashBody(credential.id(), sad, hashes)).get("signatures");

        assertThat(signatures).hasSize(100);
        for (int i = 0; i < 100; i++) {
            Signature verifier = Signature.getInstance("SHA256withECDSA");
            verifier.initVerify(certificate.getPublicKey());
            verifier.update(documents.get(i).getBytes());
            assertThat(verifier.verify(Base64.getDecoder().decode(signatures.get(i).asString()))).as("signature %d", i).isTrue();
        }
    }

    @Test
    void rsaPkcs1AndPssSignaturesVerify() throws Exception {
        Credential credential = fixtures.credential(platform, KeyAlgorithm.RSA_2048);
        X509Certificate certificate = certificateFromInfo(credential.id());
        String hash = CscClient.sha256("contract");
        String otp = client.challenge(credential.id(), credential.phone());
        String sad = client.authorize(credential.id(), List.of(hash), 2, SigningFixtures.PIN, otp);

        String pkcs1 = client.ok("signatures/signHash", Map.of("credentialID", credential.id(), "SAD", sad, "hashes", List.of(hash),
                "hashAlgorithmOID", CscClient.SHA256, "signAlgo", "1.2.840.113549.1.1.1")).get("signatures").get(0).asString();
        Signature rsa = Signature.getInstance("SHA256withRSA");
        rsa.initVerify(certificate.getPublicKey());
        rsa.update("contract".getBytes());
        assertThat(rsa.verify(Base64.getDecoder().decode(pkcs1))).isTrue();

        AlgorithmIdentifier sha256 = new AlgorithmIdentifier(NISTObjectIdentifiers.id_sha256, DERNull.INSTANCE);
        byte[] pssParams = new RSASSAPSSparams(sha256, new AlgorithmIdentifier(PKCSObjectIdentifiers.id_mgf1, sha256),
                new ASN1Integer(32), RSASSAPSSparams.DEFAULT_TRAILER_FIELD).getEncoded();
        String pss = client.ok("signatures/signHash", Map.of("credentialID", credential.id(), "SAD", sad, "hashes", List.of(hash),
                "signAlgo", "1.2.840.113549.1.1.10", "signAlgoParams", Base64.getEncoder().encodeToString(pssParams)))
                .get("signatures").get(0).asString();
        Signature verifier = Signature.getInstance("RSASSA-PSS");
        verifier.setParameter(new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 32, 1));
        verifier.initVerify(certificate.getPublicKey());
        verifier.update("contract".getBytes());
        assertThat(verifier.verify(Base64.getDecoder().decode(pss))).isTrue();
    }

    @Test
    void credentialInfoDescribesKeyCertificateChainAndAuthorization() {
        Credential credential = fixtures.credential(platform, KeyAlgorithm.EC_P256);
        JsonNode info = client.ok("credentials/info", Map.of("credentialID", credential.id(), "certificates", "chain", "certInfo", true));

        assertThat(info.get("key").get("status").asString()).isEqualTo("enabled");
        assertThat(info.get("key").get("len").asInt()).isEqualTo(256);
        assertThat(info.get("key").get("curve").asString()).isEqualTo("1.2.840.10045.3.1.7");
        assertThat(info.get("cert").get("certificates")).hasSize(3);
        assertThat(info.get("cert").get("subjectDN").asString()).contains("SERIALNUMBER=PNOPL-84042003432");
        assertThat(info.get("auth").get("mode").asString()).isEqualTo("explicit");
        assertThat(info.get("auth").get("expression").asString()).isEqualTo("PIN AND OTP");
        assertThat(info.get("auth").get("objects")).hasSize(2);
        assertThat(info.get("SCAL").asString()).isEqualTo("2");
        assertThat(info.get("multisign").asInt()).isEqualTo(1000);
    }

    /** A listed credential is described as credentials/info describes it, its authorization included by default. */
    @Test
    void listedCredentialInfosCarryTheirAuthorizationAsInfoDoes() {
        Credential credential = fixtures.credential(platform, KeyAlgorithm.EC_P256);
        JsonNode described = client.ok("credentials/list", Map.of("userID", credential.userId(), "credentialInfo", true))
                .get("credentialInfos").get(0);
        assertThat(described.get("auth").get("mode").asString()).isEqualTo("explicit");
        assertThat(described.get("auth").get("objects")).hasSize(2);
        assertThat(described.get("key").get("status").asString()).isEqualTo("enabled");
        JsonNode asked = client.ok("credentials/list", Map.of("userID", credential.userId(), "credentialInfo", true,
                "authInfo", false)).get("credentialInfos").get(0);
        // the mode is required whatever authInfo says: a client reading the spec's default (false) still learns it
        assertThat(asked.get("auth").get("mode").asString()).isEqualTo("explicit");
        assertThat(asked.get("auth").has("objects")).isFalse();
        assertThat(asked.get("auth").has("expression")).isFalse();
        assertThat(asked.get("authMode").asString()).isEqualTo("explicit");
    }

    @Test
    void v1StyleSendOtpAndPinOtpFieldsWork() throws Exception {
        Credential credential = fixtures.credential(platform, KeyAlgorithm.EC_P256);
        client.call("credentials/sendOTP", Map.of("credentialID", credential.id())).expectStatus().isNoContent();
        String otp = CscClient.lastCodeFor(credential.phone()).orElseThrow();
        String hash = CscClient.sha256("v1");

        JsonNode sad = client.ok("credentials/authorize", Map.of("credentialID", credential.id(), "numSignatures", 1,
                "hashes", List.of(hash), "hashAlgorithmOID", CscClient.SHA256, "PIN", SigningFixtures.PIN, "OTP", otp));

        assertThat(sad.get("SAD").asString()).hasSizeGreaterThanOrEqualTo(43);
        assertThat(sad.get("expiresIn").asInt()).isEqualTo(300);
    }

    @Test
    void extendTransactionReplacesTheSadAndKeepsTheGrant() {
        Credential credential = fixtures.credential(platform, KeyAlgorithm.EC_P256);
        String hash = CscClient.sha256("nested");
        String sad = client.authorize(credential.id(), List.of(hash), 1, SigningFixtures.PIN,
                client.challenge(credential.id(), credential.phone()));

        String extended = client.ok("credentials/extendTransaction", Map.of("credentialID", credential.id(), "SAD", sad))
                .get("SAD").asString();

        assertThat(extended).isNotEqualTo(sad);
        client.call("signatures/signHash", CscClient.signHashBody(credential.id(), sad, List.of(hash))).expectStatus().isBadRequest();
        client.ok("signatures/signHash", CscClient.signHashBody(credential.id(), extended, List.of(hash)));
    }

    @Test
    void infoIsPublicAndNamesTheImplementedMethods() {
        web.get().uri("/csc/v2/info").exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.specs").isEqualTo("2.2.0.0")
                .jsonPath("$.authType[?(@ == 'oauth2client')]").exists()
                .jsonPath("$.methods[?(@ == 'signatures/signHash')]").exists();
        web.post().uri("/csc/v2/info").contentType(org.springframework.http.MediaType.APPLICATION_JSON).bodyValue("{}")
                .exchange().expectStatus().isOk();
    }

    private X509Certificate certificateFromInfo(String credentialId) throws Exception {
        JsonNode info = client.ok("credentials/info", Map.of("credentialID", credentialId));
        byte[] der = Base64.getDecoder().decode(info.get("cert").get("certificates").get(0).asString());
        return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der));
    }
}
