package io.sigillum.gateway.csc;

import static org.assertj.core.api.Assertions.assertThat;

import io.sigillum.gateway.account.AccountService;
import io.sigillum.gateway.auth.PlatformClient;
import io.sigillum.gateway.issuance.IssuanceFixtures;
import io.sigillum.gateway.credential.Credential;
import io.sigillum.gateway.support.CscClient;
import io.sigillum.gateway.support.GatewayInstance;
import io.sigillum.gateway.support.GatewaySoftHsm;
import io.sigillum.gateway.support.SigningFixtures;
import io.sigillum.signer.algorithm.KeyAlgorithm;
import java.io.ByteArrayInputStream;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The gateway on a real PKCS#11 token (a fresh SoftHSM2 token under target/): the CA and the user's key are generated
 * in the token, and a CSC signature made there verifies against the issued certificate.
 */
class Pkcs11SigningIntegrationTests {

    @Test
    void aCredentialWhoseKeyLivesInSoftHsmSignsThroughTheCscApi() throws Exception {
        try (GatewayInstance gateway = GatewayInstance.start(GatewaySoftHsm.gatewayProperties())) {
            IssuanceFixtures accounts = new IssuanceFixtures(gateway.web(), gateway.context().getBean(AccountService.class));
            String operator = accounts.newOperator(accounts.newOrganisationAdmin()).token();
            gateway.web().get().uri("/api/v1/operator/health").headers(h -> h.setBearerAuth(operator))
                    .exchange().expectStatus().isOk().expectBody()
                    .jsonPath("$.components.signingToken.status").isEqualTo("UP")
                    .jsonPath("$.components.signingToken.details.provider").value(p -> assertThat((String) p).contains("SunPKCS11"));

            SigningFixtures fixtures = new SigningFixtures(gateway.context());
            PlatformClient platform = fixtures.platform();
            Credential credential = fixtures.credential(platform, KeyAlgorithm.EC_P256);
            CscClient client = CscClient.login(gateway.web(), platform.clientId(), SigningFixtures.secretOf(platform.clientId()));
            String hash = CscClient.sha256("signed in the HSM");
            String sad = client.authorize(credential.id(), List.of(hash), 1, SigningFixtures.PIN,
                    client.challenge(credential.id(), credential.phone()));
            String signature = client.ok("signatures/signHash", CscClient.signHashBody(credential.id(), sad, List.of(hash)))
                    .get("signatures").get(0).asString();

            JsonNode info = client.ok("credentials/info", Map.of("credentialID", credential.id()));
            X509Certificate certificate = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(
                    new ByteArrayInputStream(Base64.getDecoder().decode(info.get("cert").get("certificates").get(0).asString())));
            Signature verifier = Signature.getInstance("SHA256withECDSA");
            verifier.initVerify(certificate.getPublicKey());
            verifier.update("signed in the HSM".getBytes());
            assertThat(verifier.verify(Base64.getDecoder().decode(signature))).isTrue();
        }
    }
}
