package io.sigillum.gateway.signdoc;

import static org.assertj.core.api.Assertions.assertThat;

import eu.europa.esig.dss.enumerations.SignatureLevel;
import eu.europa.esig.dss.validation.reports.Reports;
import io.sigillum.gateway.auth.PlatformClient;
import io.sigillum.gateway.credential.Credential;
import io.sigillum.gateway.support.CscClient;
import io.sigillum.gateway.support.GatewayInstance;
import io.sigillum.gateway.support.GatewaySoftHsm;
import io.sigillum.gateway.support.SigningFixtures;
import io.sigillum.signer.algorithm.KeyAlgorithm;
import io.sigillum.signer.ca.CertificateAuthority;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * signDoc on a real PKCS#11 token (the test JVM's SoftHSM2 token): the signer's key, the CA's and the time-stamping unit's are
 * all generated in the token, and the PAdES-B-T document they make validates in DSS.
 */
class Pkcs11SignDocIntegrationTests {

    @Test
    void aPadesBaselineTDocumentIsSignedAndTimestampedWithKeysInSoftHsm() {
        try (GatewayInstance gateway = GatewayInstance.start(GatewaySoftHsm.gatewayProperties())) {
            SigningFixtures fixtures = new SigningFixtures(gateway.context());
            PlatformClient platform = fixtures.platform();
            Credential credential = fixtures.credential(platform, KeyAlgorithm.RSA_2048);
            CscClient client = CscClient.login(gateway.web(), platform.clientId(), SigningFixtures.secretOf(platform.clientId()));
            byte[] pdf = SignDocFixtures.pdf("Podpisano w HSM");
            String sad = client.authorize(credential.id(), List.of(SignDocFixtures.sha256(pdf)), 1, SigningFixtures.PIN,
                    client.challenge(credential.id(), credential.phone()));

            String signed = client.ok("signatures/signDoc", Map.of("credentialID", credential.id(), "SAD", sad,
                    "documents", List.of(Map.of("document", SignDocFixtures.base64(pdf), "signature_format", "P",
                            "conformance_level", "AdES-B-T", "signed_envelope_property", "Revision",
                            "signAlgo", "1.2.840.113549.1.1.11")))).get("DocumentWithSignature").get(0).asString();

            Reports reports = SignDocFixtures.validate(Base64.getDecoder().decode(signed), Optional.empty(),
                    gateway.context().getBean(CertificateAuthority.class).chain().getLast());
            String described = SignDocFixtures.describe(reports);
            assertThat(reports.getSimpleReport().getSignatureFormat(reports.getSimpleReport().getFirstSignatureId()))
                    .as(described).isEqualTo(SignatureLevel.PAdES_BASELINE_T);
            assertThat(SignDocFixtures.onlySignature(reports).isSignatureIntact()).as(described).isTrue();
            assertThat(SignDocFixtures.onlySignature(reports).isSignatureValid()).as(described).isTrue();
            assertThat(SignDocFixtures.onlySignature(reports).getTimestampList()).singleElement()
                    .satisfies(timestamp -> assertThat(timestamp.isSignatureValid() && timestamp.isMessageImprintDataIntact())
                            .as(described).isTrue());
        }
    }
}
