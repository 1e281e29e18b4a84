package io.sigillum.gateway.csc;

import static org.assertj.core.api.Assertions.assertThat;

import io.sigillum.gateway.support.GatewayInstance;
import io.sigillum.gateway.support.IntegrationTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** {@code info} per CSC 2.2.0.0 and the RFC 8414 metadata it points to, and how forwarded headers bear on both. */
class ServiceInfoIntegrationTests extends IntegrationTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void infoHasEveryCsc22FieldWithItsTypeAndValue() {
        JsonNode info = info(web, headers -> { });
        String base = "http://127.0.0.1:" + port;

        assertThat(info.get("specs").asString()).isEqualTo("2.2.0.0");
        assertThat(info.get("name").asString()).isNotBlank().hasSizeLessThanOrEqualTo(255);
        assertThat(info.get("description").asString()).isNotBlank().hasSizeLessThanOrEqualTo(255);
        assertThat(info.get("region").asString()).matches("[A-Z]{2}");
        assertThat(info.get("lang").asString()).isEqualTo("en-US");
        assertThat(info.get("logo").asString()).isEqualTo(base + "/logo.svg");
        assertThat(strings(info.get("authType"))).containsExactly("oauth2code", "oauth2client");
        assertThat(info.get("oauth2Issuer").asString()).isEqualTo(base);
        assertThat(info.has("oauth2")).as("exactly one of oauth2 / oauth2Issuer / oauth2Servers").isFalse();
        assertThat(info.has("oauth2Servers")).isFalse();
        assertThat(info.get("supportsRar").isBoolean()).isTrue();
        assertThat(info.get("asynchronousOperationMode").asBoolean(true)).isFalse();
        assertThat(info.get("validationInfo").asBoolean(false)).as("signDoc returns validationInfo when asked").isTrue();
        assertThat(strings(info.get("methods"))).containsExactlyElementsOf(CscMethods.IMPLEMENTED)
                .contains("signatures/signHash", "signatures/signDoc", "signatures/timestamp", "oauth2/token")
                .doesNotContain("credentials/sendOTP");
        assertThat(strings(info.get("signAlgorithms").get("algos"))).isNotEmpty().allMatch(oid -> oid.matches("[0-9]+(\\.[0-9]+)+"))
                .contains("1.2.840.10045.4.3.2");
        JsonNode formats = info.get("signature_formats");
        assertThat(strings(formats.get("formats"))).containsExactly("C", "X", "P", "J");
        assertThat(formats.get("envelope_properties")).hasSize(4);
        assertThat(strings(formats.get("envelope_properties").get(2))).contains("Certification", "Revision");
        assertThat(strings(info.get("conformance_levels"))).containsExactly("AdES-B-B", "AdES-B-T", "AdES-B-LT", "AdES-B-LTA");
        assertThat(strings(info.get("supportedHashTypes"))).containsExactlyInAnyOrder("DTBSR", "SDR");
        assertThat(info.has("signatureFormats")).isFalse();
        web.get().uri("/logo.svg").exchange().expectStatus().isOk().expectHeader().contentTypeCompatibleWith("image/svg+xml");
    }

    /**
     * The gateway serves no byte ranges (RFC 9110 §14.2 lets it ignore Range): a static file asked for in parts, or past
     * its end, comes whole, with the length its body has (the static handler's own answers to these left clients waiting).
     */
    @Test
    void aRangeIsIgnoredAndTheWholeFileComesWithItsLength() {
        byte[] whole = web.get().uri("/logo.svg").exchange().expectStatus().isOk()
                .expectHeader().doesNotExist("Accept-Ranges").expectBody().returnResult().getResponseBody();
        for (String range : List.of("bytes=0-1,5-6", "bytes=500000-600000", "bytes=0-99999999999999999999")) {
            web.get().uri("/logo.svg").header("Range", range).header("If-Range", "\"zzz\"").exchange()
                    .expectStatus().isOk()
                    .expectHeader().contentLength(whole.length)
                    .expectHeader().doesNotExist("Content-Range")
                    .expectBody().consumeWith(body -> assertThat(body.getResponseBody()).isEqualTo(whole));
        }
    }

    @Test
    void theMetadataIssuerIsInfosOauth2IssuerAndEveryEndpointBeginsWithIt() {
        String issuer = info(web, headers -> { }).get("oauth2Issuer").asString();
        JsonNode metadata = metadata(web, "/.well-known/oauth-authorization-server", headers -> { });

        assertThat(metadata.get("issuer").asString()).isEqualTo(issuer);
        List<String> endpoints = List.of("authorization_endpoint", "token_endpoint", "pushed_authorization_request_endpoint",
                "revocation_endpoint", "jwks_uri");
        endpoints.forEach(name -> assertThat(metadata.get(name).asString()).as(name).startsWith(issuer + "/oauth2/"));
        assertThat(metadata.get("token_endpoint").asString()).isEqualTo(issuer + "/oauth2/token");
        assertThat(metadata.get("pushed_authorization_request_endpoint").asString()).isEqualTo(issuer + "/oauth2/pushed_authorize");
        assertThat(strings(metadata.get("response_types_supported"))).containsExactly("code");
        assertThat(strings(metadata.get("response_modes_supported"))).containsExactly("query");
        assertThat(strings(metadata.get("grant_types_supported")))
                .containsExactlyInAnyOrder("authorization_code", "client_credentials", "refresh_token");
        assertThat(strings(metadata.get("code_challenge_methods_supported"))).containsExactly("S256");
        assertThat(strings(metadata.get("token_endpoint_auth_methods_supported")))
                .containsExactlyInAnyOrder("client_secret_basic", "client_secret_post");
        assertThat(strings(metadata.get("revocation_endpoint_auth_methods_supported")))
                .containsExactlyInAnyOrder("client_secret_basic", "client_secret_post");
        assertThat(strings(metadata.get("scopes_supported"))).containsExactlyInAnyOrder("service", "credential");
        assertThat(strings(metadata.get("authorization_details_types_supported")))
                .containsExactlyInAnyOrder("credential", "https://cloudsignatureconsortium.org/2025/credential");
        assertThat(metadata.get("require_pushed_authorization_requests").asBoolean(true)).isFalse();
        assertThat(strings(metadata.get("ui_locales_supported"))).containsExactly("pl", "en");
        web.get().uri(metadata.get("jwks_uri").asString().substring(issuer.length())).exchange().expectStatus().isOk();
    }

    @Test
    void theOpenApiDocumentDescribesInfoAndTheMetadata() {
        JsonNode doc = JSON.readTree(web.get().uri("/v3/api-docs").exchange().expectStatus().isOk().expectBody()
                .returnResult().getResponseBody());

        assertThat(doc.get("paths").has("/csc/v2/info")).isTrue();
        assertThat(doc.get("paths").get("/.well-known/oauth-authorization-server").get("get").get("summary").asString())
                .contains("RFC 8414");
        assertThat(doc.get("components").get("schemas").get("ServiceInfo").get("properties").has("signature_formats")).isTrue();
    }

    @Test
    void aBodyIsReadAsEveryCscRequestIsAndNoBodyIsNoRequest() {
        web.post().uri("/csc/v2/info").exchange().expectStatus().isOk().expectBody().returnResult();
        web.post().uri("/csc/v2/info").contentType(MediaType.APPLICATION_FORM_URLENCODED).exchange().expectStatus().isOk()
                .expectBody().returnResult();
        web.post().uri("/csc/v2/info").contentType(MediaType.APPLICATION_JSON).bodyValue("{\"lang\": \"en-US\"}")
                .exchange().expectStatus().isOk().expectBody().returnResult();
        web.post().uri("/csc/v2/info").contentType(MediaType.APPLICATION_JSON).bodyValue("{\"lang\":")
                .exchange().expectStatus().isBadRequest().expectBody().jsonPath("$.error").isEqualTo("invalid_request");
        web.post().uri("/csc/v2/info").contentType(MediaType.APPLICATION_JSON).bodyValue("{\"lang\": 5}")
                .exchange().expectStatus().isBadRequest().expectBody().jsonPath("$.error").isEqualTo("invalid_request");
        web.post().uri("/csc/v2/info").contentType(MediaType.APPLICATION_JSON).bodyValue("[]")
                .exchange().expectStatus().isBadRequest().expectBody().jsonPath("$.error").isEqualTo("invalid_request");
        web.post().uri("/csc/v2/info").contentType(MediaType.APPLICATION_XML).bodyValue("<lang>pl</lang>")
                .exchange().expectStatus().isEqualTo(415).expectBody().jsonPath("$.error").isEqualTo("invalid_request");
    }

    @Test
    void aPathThatIsNotTheIssuersFindsNoMetadata() {
        web.get().uri("/.well-known/oauth-authorization-server/elsewhere").exchange().expectStatus().isNotFound();
        web.get().uri("/.well-known/oauth-authorization-server/").exchange().expectStatus().isOk();
    }

    @Test
    void forwardedHeadersFromAPeerThatIsNoTrustedProxyChangeNoUrl() {
        Consumer<HttpHeaders> forged = headers -> {
            headers.set("X-Forwarded-Host", "evil.example");
            headers.set("X-Forwarded-Proto", "https");
            headers.set("X-Forwarded-Prefix", "/phish");
            headers.set("Forwarded", "proto=https;host=evil.example");
            headers.set(HttpHeaders.HOST, "evil.example");
        };
        String base = "http://127.0.0.1:" + port;

        JsonNode info = info(web, forged);
        JsonNode metadata = metadata(web, "/.well-known/oauth-authorization-server", forged);

        assertThat(info.get("oauth2Issuer").asString()).isEqualTo(base);
        assertThat(info.get("logo").asString()).startsWith(base + "/");
        assertThat(metadata.get("issuer").asString()).isEqualTo(base);
        assertThat(texts(metadata)).noneMatch(value -> value.contains("evil") || value.contains("phish"));
    }

    @Test
    void aTrustedProxySaysWhereClientsReachTheGateway() {
        try (GatewayInstance behindProxy = GatewayInstance.start(Map.of("sigillum.http.trusted-proxies", "127.0.0.1/32, ::1"))) {
            Consumer<HttpHeaders> proxy = headers -> {
                headers.set("X-Forwarded-Proto", "https");
                headers.set("X-Forwarded-Host", "sign.example.com");
                headers.set("X-Forwarded-Prefix", "/qtsp");
            };

            JsonNode info = info(behindProxy.web(), proxy);
            JsonNode metadata = metadata(behindProxy.web(), "/.well-known/oauth-authorization-server/qtsp", proxy);

            assertThat(info.get("oauth2Issuer").asString()).isEqualTo("https://sign.example.com/qtsp");
            assertThat(metadata.get("issuer").asString()).isEqualTo("https://sign.example.com/qtsp");
            assertThat(metadata.get("authorization_endpoint").asString()).isEqualTo("https://sign.example.com/qtsp/oauth2/authorize");
            assertThat(info(behindProxy.web(), headers -> { }).get("oauth2Issuer").asString())
                    .isEqualTo("http://127.0.0.1:" + behindProxy.port());
            // the Swagger UI sends its OAuth2 redirect there too (the document itself is built in the background at
            // start-up, and this instance has only just started)
            assertThat(metadata(behindProxy.web(), "/v3/api-docs/swagger-config", proxy).get("oauth2RedirectUrl").asString())
                    .isEqualTo("https://sign.example.com/qtsp/swagger-ui/oauth2-redirect.html");
        }
    }

    private static JsonNode info(WebTestClient client, Consumer<HttpHeaders> headers) {
        return JSON.readTree(client.post().uri("/csc/v2/info").headers(headers).contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{}").exchange().expectStatus().isOk().expectBody().returnResult().getResponseBody());
    }

    private static JsonNode metadata(WebTestClient client, String path, Consumer<HttpHeaders> headers) {
        return JSON.readTree(client.get().uri(path).headers(headers).exchange().expectStatus().isOk()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_JSON)
                .expectBody().returnResult().getResponseBody());
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(value -> values.add(value.asString()));
        return values;
    }

    private static List<String> texts(JsonNode node) {
        List<String> values = new ArrayList<>();
        node.forEach(value -> values.addAll(value.isString() ? List.of(value.asString()) : texts(value)));
        return values;
    }
}
