package io.sigillum.gateway.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.sigillum.gateway.account.AccountService;
import io.sigillum.gateway.issuance.IssuanceJourney;
import io.sigillum.gateway.support.GatewayInstance;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.KeyStore;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A development gateway with built-in TLS, reached by a client that trusts nothing but the CA certificate it wrote. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BuiltInTlsIntegrationTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private GatewayInstance gateway;
    private Path caPem;

    @BeforeAll
    void startWithTls() throws Exception {
        caPem = Files.createTempDirectory("sigillum-tls").resolve("tls/ca.pem");
        gateway = GatewayInstance.start(Map.of("sigillum.tls.enabled", "true", "sigillum.tls.ca-certificate-file", caPem.toString()));
    }

    @AfterAll
    void stop() {
        gateway.close();
    }

    @Test
    void infoIsServedOverTlsToAClientTrustingOnlyTheWrittenCaCertificate() throws Exception {
        X509Certificate ca = readPem(caPem);
        HttpClient client = HttpClient.newBuilder().sslContext(trusting(ca)).connectTimeout(Duration.ofSeconds(10)).build();
        String base = "https://127.0.0.1:" + gateway.port();

        HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(base + "/csc/v2/info"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}"))
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        // a browser that came once over HTTPS does not come back over HTTP (RFC 6797)
        assertThat(response.headers().firstValue("Strict-Transport-Security")).hasValue("max-age=31536000");
        JsonNode info = JSON.readTree(response.body());
        assertThat(info.get("oauth2Issuer").asString()).isEqualTo(base);
        assertThat(info.get("logo").asString()).startsWith(base + "/");

        List<X509Certificate> served = Arrays.stream(response.sslSession().orElseThrow().getPeerCertificates())
                .map(X509Certificate.class::cast).toList();
        X509Certificate server = served.getFirst();
        assertThat(server.getSubjectAlternativeNames()).extracting(name -> String.valueOf(name.get(1))).contains("127.0.0.1", "localhost");
        assertThat(server.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.1");
        PKIXParameters pkix = new PKIXParameters(Set.of(new TrustAnchor(ca, null)));
        pkix.setRevocationEnabled(false);
        CertPathValidator.getInstance("PKIX").validate(CertificateFactory.getInstance("X.509").generateCertPath(served), pkix);
        assertThat(served.getLast().getIssuerX500Principal()).isEqualTo(ca.getSubjectX500Principal());
    }

    @Test
    void theMetadataOverTlsNamesAnHttpsIssuer() throws Exception {
        HttpClient client = HttpClient.newBuilder().sslContext(trusting(readPem(caPem))).build();
        String base = "https://127.0.0.1:" + gateway.port();

        HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(base + "/.well-known/oauth-authorization-server"))
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(response.body()).get("token_endpoint").asString()).isEqualTo(base + "/oauth2/token");
    }

    @Test
    void aClientThatDoesNotTrustTheBuiltInCaIsRefused() {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

        assertThatThrownBy(() -> client.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + gateway.port() + "/csc/v2/info"))
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(SSLHandshakeException.class);
    }

    @Test
    void theDevelopmentVendorSimulatorReachesTheWebhooksOverTls() throws Exception {
        SslContext trust = SslContextBuilder.forClient().trustManager(readPem(caPem)).build();
        String base = "https://127.0.0.1:" + gateway.port();
        WebTestClient web = WebTestClient.bindToServer(new ReactorClientHttpConnector(reactor.netty.http.client.HttpClient.create()
                .secure(spec -> spec.sslContext(trust)))).baseUrl(base).responseTimeout(Duration.ofSeconds(30)).build();
        IssuanceJourney journey = IssuanceJourney.documentsAccepted(web, gateway.context().getBean(AccountService.class),
                "CQS-1Y", "MOBILE_SELF_ID");

        String reference = journey.startVerification(null);

        assertThat((String) journey.verification().get("link")).isEqualTo(base + "/dev/simulator/identity/" + reference);
        journey.simulate(reference, Map.of()).expectStatus().isOk().expectBody().jsonPath("$.status").isEqualTo("APPLIED");
        assertThat(journey.state()).isEqualTo("VERIFIED");
    }

    private static X509Certificate readPem(Path pem) throws Exception {
        assertThat(Files.readString(pem)).startsWith("-----BEGIN CERTIFICATE-----");
        assertThat(Files.getPosixFilePermissions(pem)).contains(PosixFilePermission.OTHERS_READ);
        try (InputStream in = Files.newInputStream(pem)) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
    }

    private static SSLContext trusting(X509Certificate ca) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("ca", ca);
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, factory.getTrustManagers(), null);
        return context;
    }
}
