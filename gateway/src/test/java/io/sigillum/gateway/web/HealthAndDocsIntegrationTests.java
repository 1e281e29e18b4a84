package io.sigillum.gateway.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.sigillum.gateway.account.AccountService;
import io.sigillum.gateway.issuance.IssuanceFixtures;
import io.sigillum.gateway.support.IntegrationTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.annotation.Autowired;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class HealthAndDocsIntegrationTests extends IntegrationTest {

    @Autowired
    AccountService accounts;

    @Test
    void anyoneSeesHealthUpButOnlyOperatorsSeeItsParts() {
        web.get().uri("/actuator/health").exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.status").isEqualTo("UP")
                .jsonPath("$.components").doesNotExist();
        IssuanceFixtures accounts = new IssuanceFixtures(web, this.accounts);
        String admin = accounts.newOrganisationAdmin();
        web.get().uri("/api/v1/operator/health").exchange().expectStatus().isUnauthorized();
        web.get().uri("/api/v1/operator/health").headers(h -> h.setBearerAuth(admin)).exchange().expectStatus().isForbidden();
        String operator = accounts.newOperator(admin).token();
        web.get().uri("/actuator/health").headers(h -> h.setBearerAuth(operator)).exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.components").doesNotExist();
        web.get().uri("/api/v1/operator/health").headers(h -> h.setBearerAuth(operator)).exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.status").isEqualTo("UP")
                .jsonPath("$.components.r2dbc.status").isEqualTo("UP")
                .jsonPath("$.components.redis.status").isEqualTo("UP")
                .jsonPath("$.components.signingToken.status").isEqualTo("UP")
                .jsonPath("$.components.signingToken.details.provider").isNotEmpty();
    }

    @Test
    void aPathBelowTheProbeThatNamesNothingItShowsIsTheUsualProblem() {
        for (String path : new String[] {"/actuator/health/r2dbc", "/actuator/health/redis", "/actuator/health/no-such-part",
                "/actuator/health/r2dbc/deeper", "/actuator/health/a%2Fb", "/actuator/health/liveness%2fx"}) {
            web.get().uri(java.net.URI.create("http://127.0.0.1:" + port + path)).exchange()
                    .expectStatus().isNotFound()
                    .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .expectBody()
                    .jsonPath("$.code").isEqualTo("not_found")
                    .jsonPath("$.instance").value(instance -> assertThat(instance.toString()).startsWith("/actuator/health/"))
                    .jsonPath("$.components").doesNotExist();
        }
        web.get().uri("/actuator/health/liveness").exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.status").isEqualTo("UP");
        web.get().uri("/actuator/health/readiness").exchange().expectStatus().isOk();
    }

    @Test
    void openApiDocumentIsServed() {
        web.get().uri("/v3/api-docs").exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.openapi").value(v -> org.assertj.core.api.Assertions.assertThat((String) v).startsWith("3."))
                .jsonPath("$.paths['/csc/v2/signatures/signHash'].post.requestBody").exists()
                .jsonPath("$.paths['/oauth2/token'].post").exists()
                .jsonPath("$.paths['/oauth2/pushed_authorize'].post").exists()
                .jsonPath("$.paths['/oauth2/authorize'].get").exists()
                .jsonPath("$.paths['/oauth2/authorize/confirm'].post").exists()
                .jsonPath("$.paths['/oauth2/revoke'].post").exists()
                .jsonPath("$.paths['/.well-known/oauth-authorization-server'].get").exists()
                .jsonPath("$.paths['/api/v1/applications'].post").exists();
    }

    /**
     * The documentation's URLs come from the gateway's public base URL, never from a client's Host or forwarding headers
     * (the peer is no trusted proxy here), and a forwarding header that is not even well formed changes nothing.
     */
    @Test
    void theDocumentationAnnouncesThePublicBaseUrlWhateverTheClientSays() {
        String base = "http://127.0.0.1:" + port;
        java.util.function.Consumer<HttpHeaders> spoofed = headers -> {
            headers.set("Host", "evil.example");
            headers.set("X-Forwarded-Host", "phish.example");
            headers.set("X-Forwarded-Port", "not-a-port");
            headers.set("X-Forwarded-Proto", "https");
        };
        web.get().uri("/v3/api-docs").headers(spoofed).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.servers[0].url").isEqualTo(base);
        web.get().uri("/v3/api-docs/swagger-config").headers(spoofed).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.oauth2RedirectUrl").isEqualTo(base + "/swagger-ui/oauth2-redirect.html");
        web.get().uri("/swagger-ui.html").headers(spoofed).exchange().expectStatus().isFound()
                .expectHeader().value("Location", location -> assertThat(location).doesNotContain("example"));
        web.get().uri("/v3/api-docs").header("Forwarded", "for=\"[::1").exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.servers[0].url").isEqualTo(base);
    }

    /** Two bodies of one simple name (a Pin, an Acceptance, a Transfer) must not share one schema: one would describe both. */
    @Test
    void eachBodyIsDescribedByItsOwnSchemaAndEachAnswerByItsStatus() {
        web.get().uri("/v3/api-docs").exchange().expectStatus().isOk()
                .expectBody()
                .jsonPath("$.paths['/api/v1/applications/{id}/activation'].post.requestBody.content['application/json'].schema.$ref")
                .isEqualTo("#/components/schemas/ChosenPin")
                .jsonPath("$.components.schemas.ChosenPin.properties.pin").exists()
                .jsonPath("$.components.schemas.Pin.properties.presence").exists()
                .jsonPath("$.paths['/api/v1/applications/{id}/accept-documents'].post.requestBody.content['application/json'].schema.$ref")
                .isEqualTo("#/components/schemas/DocumentsAcceptance")
                .jsonPath("$.components.schemas.DocumentsAcceptance.properties.statementAccepted").exists()
                .jsonPath("$.components.schemas.InvitationAcceptance.properties.password").exists()
                .jsonPath("$.components.schemas.VerificationTransfer.properties.account").exists()
                .jsonPath("$.components.schemas.SimulatedTransfer.properties.reference").exists()
                .jsonPath("$.paths['/csc/v2/credentials/getChallenge'].post.responses['204']").exists()
                .jsonPath("$.paths['/csc/v2/credentials/getChallenge'].post.responses['200']").doesNotExist()
                .jsonPath("$.paths['/oauth2/pushed_authorize'].post.responses['201']").exists()
                .jsonPath("$.paths['/oauth2/pushed_authorize'].post.responses['200']").doesNotExist();
    }

    /**
     * Every success answer names its media type (JSON, DER, HTML, text) and its schema, so that a client made from the
     * document knows what it will read; and every form the gateway reads names its fields.
     */
    @Test
    void everySuccessAnswerNamesItsMediaTypeAndEveryFormItsFields() {
        String document = web.get().uri("/v3/api-docs").exchange().expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody();
        JsonNode paths = JsonMapper.shared().readTree(document).get("paths");
        List<String> unnamed = new ArrayList<>();
        for (Map.Entry<String, JsonNode> path : paths.properties()) {
            for (Map.Entry<String, JsonNode> operation : path.getValue().properties()) {
                for (Map.Entry<String, JsonNode> answer : operation.getValue().path("responses").properties()) {
                    if (!answer.getKey().startsWith("2")) {
                        continue;
                    }
                    for (Map.Entry<String, JsonNode> content : answer.getValue().path("content").properties()) {
                        if (content.getKey().equals("*/*") || content.getValue().path("schema").isEmpty()) {
                            unnamed.add(operation.getKey() + " " + path.getKey() + " " + answer.getKey() + " " + content.getKey());
                        }
                    }
                }
            }
        }
        assertThat(unnamed).isEmpty();
        assertThat(paths.at("/~1ca~1crl/get/responses/200/content").propertyNames()).containsExactly("application/pkix-crl");
        assertThat(paths.at("/~1ca~1ocsp/post/responses/200/content").propertyNames())
                .containsExactly("application/ocsp-response");
        assertThat(paths.at("/~1tsa/post/responses/200/content").propertyNames()).containsExactly("application/timestamp-reply");
        assertThat(paths.at("/~1oauth2~1authorize/get/responses/200/content").propertyNames()).containsExactly("text/html");
        assertThat(paths.at("/~1api~1v1~1products/get/responses/200/content").propertyNames()).containsExactly("application/json");

        Map<String, List<String>> forms = Map.of(
                "/~1oauth2~1token/post", List.of("grant_type", "code", "redirect_uri", "code_verifier", "refresh_token"),
                "/~1oauth2~1revoke/post", List.of("token", "token_type_hint"),
                "/~1oauth2~1pushed_authorize/post", List.of("response_type", "redirect_uri", "code_challenge", "scope"),
                "/~1oauth2~1authorize~1confirm/post", List.of("session", "csrf_token", "action", "pin", "code"),
                "/~1invitations/post", List.of("token", "password", "repeat"));
        forms.forEach((operation, fields) -> assertThat(paths.at(operation
                + "/requestBody/content/application~1x-www-form-urlencoded/schema/properties").propertyNames())
                .as(operation).containsAll(fields));
        assertThat(paths.at("/~1oauth2~1token/post/requestBody/content/application~1x-www-form-urlencoded/schema/required")
                .valueStream().map(JsonNode::asString)).containsExactly("grant_type");
    }

    /** Error answers are described as the edge writes them, not with the operation's success schema. */
    @Test
    void errorAnswersAreDescribedAsTheyAreWritten() {
        web.get().uri("/v3/api-docs").exchange().expectStatus().isOk()
                .expectBody()
                .jsonPath("$.paths['/api/v1/org/stock'].post.responses['404'].content['application/problem+json'].schema.$ref")
                .isEqualTo("#/components/schemas/Problem")
                .jsonPath("$.paths['/api/v1/org/stock'].post.responses['404'].content['*/*']").doesNotExist()
                .jsonPath("$.paths['/csc/v2/signatures/signHash'].post.responses['400'].content['application/json'].schema.$ref")
                .isEqualTo("#/components/schemas/CscError")
                .jsonPath("$.paths['/csc/v2/credentials/info'].post.responses['401']").exists()
                .jsonPath("$.paths['/oauth2/token'].post.responses['401'].content['application/json'].schema.$ref")
                .isEqualTo("#/components/schemas/CscError")
                .jsonPath("$.components.schemas.Problem.properties.code").exists()
                .jsonPath("$.components.schemas.CscError.properties.error_description").exists();
    }

    /**
     * A client generated from the document sends each CSC method's fields (not a {@code JsonNode}'s) with the token the
     * method needs, and reads the OAuth2 answers by their fields.
     */
    @Test
    void aClientGeneratedFromTheDocumentKnowsEachCscBodyAndTheTokenItNeeds() {
        JsonNode document = document();
        JsonNode schemas = document.at("/components/schemas");
        List<String> methods = List.of("/info", "/credentials/list", "/credentials/info", "/credentials/getChallenge",
                "/credentials/sendOTP", "/credentials/authorize", "/credentials/extendTransaction", "/signatures/signHash",
                "/signatures/signDoc", "/signatures/timestamp", "/auth/revoke");
        for (String method : methods) {
            JsonNode operation = document.get("paths").get("/csc/v2" + method).get("post");
            String ref = operation.at("/requestBody/content/application~1json/schema/$ref").asString();
            assertThat(schemas.get(ref.substring(ref.lastIndexOf('/') + 1)).get("properties")).as(method).isNotNull();
            assertThat(operation.has("security")).as(method).isEqualTo(!method.equals("/info"));
            if (!method.equals("/info")) {
                assertThat(operation.at("/security/0").propertyNames()).containsExactly("cscOAuth2");
            }
        }
        assertThat(document.at("/paths/~1csc~1v2~1signatures~1signHash/post/requestBody/content/application~1json/example")
                .isMissingNode() && document.at("/paths/~1csc~1v2~1signatures~1signHash/post/requestBody/content/"
                + "application~1json/examples").isMissingNode()).as("signHash keeps its example").isFalse();
        assertThat(schemas.at("/CscSignHashRequest/required").valueStream().map(JsonNode::asString))
                .containsExactlyInAnyOrder("credentialID", "hashes", "signAlgo");
        assertThat(schemas.at("/CscHashes/maxItems").asInt()).isEqualTo(1000); // sigillum.csc.max-hashes
        assertThat(schemas.at("/CscAuthorizeRequest/properties/authData/items/$ref").asString()).endsWith("/CscAuthData");
        assertThat(schemas.propertyNames()).doesNotContain("JsonNode");
        assertThat(document.at("/components/securitySchemes/cscOAuth2/type").asString()).isEqualTo("oauth2");
        assertThat(document.at("/components/securitySchemes/cscOAuth2/flows/authorizationCode/scopes").propertyNames())
                .containsExactlyInAnyOrder("service", "credential");
        assertThat(document.at("/paths/~1oauth2~1token/post/security/0").propertyNames()).containsExactly("oauth2Client");
        assertThat(document.at("/components/securitySchemes/oauth2Client/scheme").asString()).isEqualTo("basic");
        assertThat(document.at("/paths/~1oauth2~1token/post/responses/200/content/application~1json/schema/$ref").asString())
                .endsWith("/OAuth2TokenResponse");
        assertThat(schemas.at("/OAuth2TokenResponse/properties").propertyNames())
                .contains("access_token", "token_type", "expires_in", "refresh_token", "credentialID");
        assertThat(document.at("/paths/~1oauth2~1pushed_authorize/post/responses/201/content/application~1json/schema/$ref")
                .asString()).endsWith("/PushedAuthorizationResponse");
        // a session's operations say what a missing session and a wrong role answer
        assertThat(document.at("/paths/~1api~1v1~1applications/get/responses").propertyNames()).contains("401", "403");
        // the holder's page names its query parameters; the scraper's token is a scheme, not a header a client drops
        assertThat(document.at("/paths/~1oauth2~1authorize/get/parameters").findValuesAsString("name"))
                .contains("client_id", "redirect_uri", "code_challenge", "scope", "request_uri");
        assertThat(document.at("/paths/~1actuator~1prometheus/get/parameters").isMissingNode()
                || document.at("/paths/~1actuator~1prometheus/get/parameters").findValuesAsString("name").isEmpty()).isTrue();
        assertThat(document.at("/paths/~1actuator~1prometheus/get/security/0").propertyNames()).containsExactly("metricsScrape");
        // what the REST API answers by an operation's shape, and the webhooks' bodies as JSON events with signed headers
        assertThat(document.at("/paths/~1api~1v1~1applications~1{id}~1certificate/post/responses").propertyNames())
                .contains("404", "409");
        assertThat(document.at("/paths/~1api~1v1~1webhooks~1payments/post/requestBody/content/application~1json/schema/$ref")
                .asString()).endsWith("/PaymentEvent");
        assertThat(document.at("/paths/~1api~1v1~1webhooks~1payments/post/parameters/0/required").asBoolean()).isTrue();
        assertThat(schemas.at("/CscSignedProfile/required").valueStream().map(JsonNode::asString)).contains("signAlgo");
        // and an Idempotency-Key's operations what a key sent again with another request answers
        assertThat(document.at("/paths/~1api~1v1~1org~1stock/post/responses").propertyNames()).contains("422");
    }

    /** Every reference resolves, and every operation has an id of its own that does not depend on the scan's order. */
    @Test
    void everyReferenceResolvesAndOperationIdsAreUniqueAndUnnumbered() {
        JsonNode document = document();
        List<String> refs = new ArrayList<>();
        collectRefs(document, refs);
        assertThat(refs).isNotEmpty().allSatisfy(ref -> assertThat(document.at(ref.substring(1)).isMissingNode()).as(ref)
                .isFalse());
        List<String> ids = new ArrayList<>();
        document.get("paths").forEach(item -> item.forEach(operation -> ids.add(operation.path("operationId").asString())));
        assertThat(ids).doesNotHaveDuplicates().noneMatch(id -> id.matches(".*_\\d+")).contains("postCredentialsInfo", "postInfo");
        assertThat(document.at("/info/title").asString()).isEqualTo("Sigillum remote signing gateway");
        assertThat(ApiDocumentIdentity.fromMethodAndPath("POST", "/api/v1/applications/{id}/accept-documents"))
                .isEqualTo("postApplicationsByIdAcceptDocuments");
    }

    /** What the gateway writes as null (an empty Optional) may be null in the document; what an input requires says so. */
    @Test
    void fieldsWrittenAsNullMayBeNullAndRequiredInputsAreRequired() {
        JsonNode schemas = document().at("/components/schemas");
        assertThat(schemas.at("/ApplicationView/properties/pointOfSaleId/type").valueStream().map(JsonNode::asString))
                .containsExactly("string", "null");
        assertThat(schemas.at("/ApplicationView/properties/applicantData/anyOf/1/type").asString()).isEqualTo("null");
        assertThat(schemas.at("/ApplicationView/properties/id/type").asString()).isEqualTo("string");
        assertThat(schemas.at("/Me/properties/organisationId/type").valueStream().map(JsonNode::asString)).contains("null");
        assertThat(schemas.at("/HistoryView/properties/fromState/enum").valueStream().anyMatch(JsonNode::isNull)).isTrue();
        assertThat(schemas.at("/PageECodeView/properties/nextCursor/type").valueStream().map(JsonNode::asString))
                .contains("null");
        assertThat(schemas.at("/ApplicantData/required").valueStream().map(JsonNode::asString)).containsExactlyInAnyOrder(
                "citizenship", "firstName", "surname", "dateOfBirth", "placeOfBirth", "identityDocument", "phone", "email",
                "address");
        assertThat(schemas.at("/ChosenPin/properties/pin/pattern").asString()).isEqualTo("^[0-9]{8}$");
    }

    private JsonNode document() {
        return JsonMapper.shared().readTree(web.get().uri("/v3/api-docs").exchange().expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody());
    }

    private static void collectRefs(JsonNode node, List<String> refs) {
        if (node.isObject()) {
            node.properties().forEach(field -> {
                if (field.getKey().equals("$ref")) {
                    refs.add(field.getValue().asString());
                } else {
                    collectRefs(field.getValue(), refs);
                }
            });
        } else if (node.isArray()) {
            node.forEach(child -> collectRefs(child, refs));
        }
    }

    @Test
    void cscMethodsCarryRequestExamples() {
        web.get().uri("/v3/api-docs").exchange().expectStatus().isOk()
                .expectBody(String.class).value(doc -> org.assertj.core.api.Assertions.assertThat(doc)
                        .contains("hashAlgorithmOID").contains("authData").contains("1.2.840.10045.4.3.2"));
    }

    @Test
    void metricsAreServedOnlyToTheScraperWithItsToken() {
        web.get().uri("/actuator/prometheus").headers(h -> h.setBearerAuth(SCRAPE_TOKEN)).exchange()
                .expectStatus().isOk()
                .expectHeader().contentType("text/plain;version=0.0.4;charset=utf-8")
                .expectBody(String.class).value(body -> assertThat(body).contains("jvm_memory_used_bytes"));
        web.get().uri("/actuator/prometheus").headers(h -> h.setBearerAuth(SCRAPE_TOKEN))
                .header(HttpHeaders.ACCEPT, "application/openmetrics-text; version=1.0.0").exchange()
                .expectStatus().isOk()
                .expectBody(String.class).value(body -> assertThat(body).contains("jvm_memory_used_bytes").endsWith("# EOF\n"));

        IssuanceFixtures fixtures = new IssuanceFixtures(web, accounts);
        String operator = fixtures.newOperator(fixtures.newOrganisationAdmin()).token();
        for (String refused : new String[] {null, "Bearer ", "Bearer " + SCRAPE_TOKEN + "x", "Bearer " + SCRAPE_TOKEN.substring(1),
                "Basic " + SCRAPE_TOKEN, "Bearer " + operator}) {
            web.get().uri("/actuator/prometheus").headers(h -> {
                        if (refused != null) {
                            h.set(HttpHeaders.AUTHORIZATION, refused);
                        }
                    }).exchange()
                    .expectStatus().isUnauthorized()
                    .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .expectHeader().exists(HttpHeaders.WWW_AUTHENTICATE)
                    .expectBody(String.class).value(body -> assertThat(body).doesNotContain("jvm_"));
        }
        // the actuator's own metrics endpoints are not there for anyone
        web.get().uri("/actuator/metrics").headers(h -> h.setBearerAuth(SCRAPE_TOKEN)).exchange().expectStatus().isNotFound();
        web.get().uri("/actuator/metrics/jvm.memory.used").exchange().expectStatus().isNotFound();
        web.get().uri("/actuator").exchange().expectBody(String.class)
                .value(body -> assertThat(body).doesNotContain("prometheus").doesNotContain("metrics"));
    }
}
