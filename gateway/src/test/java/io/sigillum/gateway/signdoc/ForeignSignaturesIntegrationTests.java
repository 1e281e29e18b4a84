package io.sigillum.gateway.signdoc;

import static org.assertj.core.api.Assertions.assertThat;

import eu.europa.esig.dss.enumerations.DigestAlgorithm;
import eu.europa.esig.dss.enumerations.SignatureAlgorithm;
import eu.europa.esig.dss.enumerations.SignatureLevel;
import eu.europa.esig.dss.model.DSSDocument;
import eu.europa.esig.dss.model.InMemoryDocument;
import eu.europa.esig.dss.model.SignatureValue;
import eu.europa.esig.dss.model.ToBeSigned;
import eu.europa.esig.dss.model.x509.CertificateToken;
import eu.europa.esig.dss.pades.PAdESSignatureParameters;
import eu.europa.esig.dss.pades.signature.PAdESService;
import eu.europa.esig.dss.spi.DSSUtils;
import eu.europa.esig.dss.spi.validation.CommonCertificateVerifier;
import io.sigillum.gateway.credential.Credential;
import io.sigillum.gateway.support.CscClient;
import io.sigillum.gateway.support.PlatformIntegrationTest;
import io.sigillum.gateway.support.SigningFixtures;
import io.sigillum.signer.algorithm.KeyAlgorithm;
import java.io.IOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AccessDescription;
import org.bouncycastle.asn1.x509.AuthorityInformationAccess;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Test;

/**
 * A PDF signed before by someone of anyone's making, whose certificate names addresses to fetch its issuer and its
 * status from: signing it at B-LT must neither call those addresses (the QTSP's host is nobody's fetcher, and an
 * address that never answers would hold the signing threads) nor fail as a server error.
 */
class ForeignSignaturesIntegrationTests extends PlatformIntegrationTest {

    @Test
    void aPdfSignedByAForeignCertificateIsRefusedAtBltWithoutCallingItsAddresses() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread accepting = null;
        try {
            accepting = Thread.ofVirtual().start(() -> {
                while (!listener.isClosed()) {
                    try {
                        Socket called = listener.accept();
                        calls.incrementAndGet();
                        called.close();
                    } catch (IOException closed) {
                        return;
                    }
                }
            });
            byte[] signedElsewhere = signedByAForeignCertificate(SignDocFixtures.pdf("Umowa"),
                    "http://127.0.0.1:" + listener.getLocalPort());
            Credential credential = fixtures.credential(platform, KeyAlgorithm.EC_P256);
            String sad = client.authorize(credential.id(), List.of(SignDocFixtures.sha256(signedElsewhere)), 1,
                    SigningFixtures.PIN, client.challenge(credential.id(), credential.phone()));

            client.call("signatures/signDoc", Map.of("credentialID", credential.id(), "SAD", sad, "documents", List.of(Map.of(
                            "document", Base64.getEncoder().encodeToString(signedElsewhere), "signature_format", "P",
                            "conformance_level", "AdES-B-LT", "signAlgo", CscClient.ECDSA_SHA256))))
                    .expectStatus().isBadRequest().expectBody().jsonPath("$.error").isEqualTo("invalid_request")
                    .jsonPath("$.error_description").value(d -> assertThat((String) d).contains("do not chain to this QTSP"));
            assertThat(calls.get()).as("calls to the addresses the foreign certificate names").isZero();

            // refused after its grant was spent, the grant was given back: the same document signs at B-T
            String signed = client.ok("signatures/signDoc", Map.of("credentialID", credential.id(), "SAD", sad, "documents",
                    List.of(Map.of("document", Base64.getEncoder().encodeToString(signedElsewhere), "signature_format", "P",
                            "conformance_level", "AdES-B-T", "signAlgo", CscClient.ECDSA_SHA256))))
                    .get("DocumentWithSignature").get(0).asString();
            assertThat(Base64.getDecoder().decode(signed).length).isGreaterThan(signedElsewhere.length);
            assertThat(calls.get()).isZero();
        } finally {
            listener.close();
            if (accepting != null) {
                accepting.join();
            }
        }
    }

    /**
     * {@code pdf} signed at B-B by a certificate of another provider's CA, which the signature does not carry: the
     * certificate names where to fetch it, {@code base}/ca.cer, and its OCSP responder, {@code base}/ocsp.
     */
    private static byte[] signedByAForeignCertificate(byte[] pdf, String base) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair authority = generator.generateKeyPair();
        KeyPair keys = generator.generateKeyPair();
        X500Name name = new X500Name("CN=Someone Else,O=Another Provider,C=PL");
        Instant now = Instant.now();
        JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(new X500Name("CN=Another Provider CA,C=PL"),
                BigInteger.valueOf(now.toEpochMilli()), Date.from(now.minus(1, ChronoUnit.DAYS)),
                Date.from(now.plus(30, ChronoUnit.DAYS)), name, keys.getPublic());
        builder.addExtension(Extension.authorityInfoAccess, false, new AuthorityInformationAccess(new AccessDescription[] {
            new AccessDescription(AccessDescription.id_ad_caIssuers, new GeneralName(GeneralName.uniformResourceIdentifier,
                    base + "/ca.cer")),
            new AccessDescription(AccessDescription.id_ad_ocsp, new GeneralName(GeneralName.uniformResourceIdentifier,
                    base + "/ocsp"))}));
        X509Certificate certificate = new JcaX509CertificateConverter().getCertificate(
                builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(authority.getPrivate())));

        PAdESService service = new PAdESService(new CommonCertificateVerifier());
        PAdESSignatureParameters parameters = new PAdESSignatureParameters();
        parameters.setSignatureLevel(SignatureLevel.PAdES_BASELINE_B);
        parameters.setDigestAlgorithm(DigestAlgorithm.SHA256);
        parameters.setSigningCertificate(new CertificateToken(certificate));
        DSSDocument document = new InMemoryDocument(pdf, "umowa.pdf");
        ToBeSigned toBeSigned = service.getDataToSign(document, parameters);
        Signature signature = Signature.getInstance("SHA256withECDSA");
        signature.initSign(keys.getPrivate());
        signature.update(toBeSigned.getBytes());
        return DSSUtils.toByteArray(service.signDocument(document, parameters,
                new SignatureValue(SignatureAlgorithm.ECDSA_SHA256, signature.sign())));
    }
}
