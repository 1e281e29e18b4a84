package io.sigillum.gateway.signdoc;

import static org.assertj.core.api.Assertions.assertThat;

import eu.europa.esig.dss.enumerations.SignatureLevel;
import eu.europa.esig.dss.validation.reports.Reports;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.sigillum.gateway.auth.PlatformClient;
import io.sigillum.gateway.credential.Credential;
import io.sigillum.gateway.support.CscClient;
import io.sigillum.gateway.support.GatewayInstance;
import io.sigillum.gateway.support.PlatformIntegrationTest;
import io.sigillum.gateway.support.SigningFixtures;
import io.sigillum.signer.algorithm.KeyAlgorithm;
import io.sigillum.signer.ca.CertificateAuthority;
import java.net.ServerSocket;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import tools.jackson.databind.JsonNode;

/** {@code sigillum.tsa.url}: level B-T takes its timestamp from that RFC 3161 TSA over HTTP instead of the built-in one. */
class ExternalTsaIntegrationTests extends PlatformIntegrationTest {

    private static final byte[] DOCUMENT = SignDocFixtures.bytes("signed with a timestamp from elsewhere");

    @Test
    void levelTUsesTheConfiguredTsaAndItsTokenValidates() {
        String tsa = "http://127.0.0.1:" + context.getEnvironment().getProperty("local.server.port") + "/tsa";
        long servedBefore = tsaRequests();
        try (GatewayInstance gateway = GatewayInstance.start(Map.of("sigillum.tsa.url", tsa))) {
            byte[] signed = Base64.getDecoder().decode(signDoc(gateway, "AdES-B-T", HttpStatus.OK)
                    .get("DocumentWithSignature").get(0).asString());

            Reports reports = SignDocFixtures.validate(signed, Optional.empty(),
                    context.getBean(CertificateAuthority.class).chain().getLast());
            String described = SignDocFixtures.describe(reports);
            assertThat(reports.getSimpleReport().getSignatureFormat(reports.getSimpleReport().getFirstSignatureId()))
                    .as(described).isEqualTo(SignatureLevel.CAdES_BASELINE_T);
            assertThat(SignDocFixtures.onlySignature(reports).getTimestampList()).singleElement()
                    .satisfies(timestamp -> assertThat(timestamp.isSignatureValid()).isTrue());
        }
        assertThat(tsaRequests()).isEqualTo(servedBefore + 1);
    }

    @Test
    void anUnreachableTsaFailsLevelTWith503AndLeavesLevelBAlone() throws Exception {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        try (GatewayInstance gateway = GatewayInstance.start(Map.of("sigillum.tsa.url", "http://127.0.0.1:" + closed + "/tsa"))) {
            assertThat(signDoc(gateway, "AdES-B-T", HttpStatus.SERVICE_UNAVAILABLE).get("error").asString())
                    .isEqualTo("temporarily_unavailable");
            assertThat(signDoc(gateway, "AdES-B-B", HttpStatus.OK).get("DocumentWithSignature")).hasSize(1);
        }
    }

    private static JsonNode signDoc(GatewayInstance gateway, String level, HttpStatus expected) {
        SigningFixtures fixtures = new SigningFixtures(gateway.context());
        PlatformClient platform = fixtures.platform();
        Credential credential = fixtures.credential(platform, KeyAlgorithm.EC_P256);
        CscClient client = CscClient.login(gateway.web(), platform.clientId(), SigningFixtures.secretOf(platform.clientId()));
        String sad = client.authorize(credential.id(), List.of(SignDocFixtures.sha256(DOCUMENT)), 1, SigningFixtures.PIN,
                client.challenge(credential.id(), credential.phone()));
        return CscClient.json(client.call("signatures/signDoc", Map.of("credentialID", credential.id(), "SAD", sad,
                        "documents", List.of(Map.of("document", SignDocFixtures.base64(DOCUMENT), "signature_format", "C",
                                "conformance_level", level, "signAlgo", CscClient.ECDSA_SHA256))))
                .expectStatus().isEqualTo(expected).expectBody().returnResult().getResponseBody());
    }

    private long tsaRequests() {
        Timer timer = context.getBean(MeterRegistry.class).find("http.server.requests").tag("uri", "/tsa").timer();
        return timer == null ? 0 : timer.count();
    }
}
