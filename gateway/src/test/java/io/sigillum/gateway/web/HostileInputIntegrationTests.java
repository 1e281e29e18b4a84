package io.sigillum.gateway.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.sigillum.gateway.account.AccountService;
import io.sigillum.gateway.auth.PlatformClient;
import io.sigillum.gateway.credential.Credential;
import io.sigillum.gateway.issuance.IssuanceFixtures;
import io.sigillum.gateway.issuance.IssuanceJourney;
import io.sigillum.gateway.support.CscClient;
import io.sigillum.gateway.support.PlatformIntegrationTest;
import io.sigillum.gateway.support.SigningFixtures;
import io.sigillum.signer.algorithm.KeyAlgorithm;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * What a hostile client sends that once got a 500, or was read differently by us than by a careful reader: each gets a
 * clear 400 in the path's error form (CSC JSON on /csc and /oauth2, problem+json elsewhere), and spends nothing.
 */
class HostileInputIntegrationTests extends PlatformIntegrationTest {

    private static final String RSA_SHA256 = "1.2.840.113549.1.1.11";

    @Test
    void malformedBasicCredentialsAreAFailedClientAuthentication() {
        // RFC 6749 §5.2: the client tried to authenticate with the Authorization header, so 401 invalid_client
        List<String> malformed = new java.util.ArrayList<>(List.of("!!!",
                Base64.getEncoder().encodeToString("no-colon".getBytes(StandardCharsets.UTF_8))));
        for (String user : List.of("%zz", "a%", "%E0%A4%A", "%FF%FE")) {
            malformed.add(Base64.getEncoder().encodeToString((user + ":secret").getBytes(StandardCharsets.UTF_8)));
        }
        // the secret's raw bytes no UTF-8 (curl -u id:$'\xff\xfe')
        malformed.add(Base64.getEncoder().encodeToString(new byte[] {'i', 'd', ':', (byte) 0xff, (byte) 0xfe}));
        for (String basic : malformed) {
            web.post().uri("/oauth2/token").header("Authorization", "Basic " + basic)
                    .contentType(MediaType.APPLICATION_FORM_URLENCODED).bodyValue("grant_type=client_credentials")
                    .exchange().expectStatus().isUnauthorized()
                    .expectHeader().contentType(MediaType.APPLICATION_JSON)
                    .expectHeader().valueEquals("WWW-Authenticate", "Basic realm=\"sigillum\"")
                    .expectBody().jsonPath("$.error").isEqualTo("invalid_client");
        }
    }

    @Test
    void aFormBodyThatIsNotUrlEncodingIsABadRequest() {
        for (String path : List.of("/oauth2/token", "/oauth2/pushed_authorize", "/oauth2/revoke")) {
            for (String body : List.of("%", "grant_type=%zz", "{\"grant_type\":\"client_credentials\"}")) {
                web.post().uri(path).headers(h -> h.setBasicAuth(platform.clientId(), SigningFixtures.secretOf(platform.clientId())))
                        .contentType(MediaType.APPLICATION_FORM_URLENCODED).bodyValue(body)
                        .exchange().expectStatus().isBadRequest()
                        .expectHeader().contentType(MediaType.APPLICATION_JSON)
                        .expectBody().jsonPath("$.error").isEqualTo("invalid_request");
            }
        }
    }

    @Test
    void aParameterWithoutAValueIsTreatedAsOmitted() {
        // RFC 6749 §3.1, §3.2: "grant_type=" is no grant type, "client_secret=" no second authentication, "foo" nothing
        web.post().uri("/oauth2/token").headers(h -> h.setBasicAuth(platform.clientId(), SigningFixtures.secretOf(platform.clientId())))
                .contentType(MediaType.APPLICATION_FORM_URLENCODED).bodyValue("grant_type=")
                .exchange().expectStatus().isBadRequest().expectBody().jsonPath("$.error_description").isEqualTo("Missing grant_type");
        web.post().uri("/oauth2/token").headers(h -> h.setBasicAuth(platform.clientId(), SigningFixtures.secretOf(platform.clientId())))
                .contentType(MediaType.APPLICATION_FORM_URLENCODED).bodyValue("grant_type=client_credentials&client_secret=&foo&scope=")
                .exchange().expectStatus().isOk().expectBody().jsonPath("$.access_token").isNotEmpty();
    }

    @Test
    void repeatedOrDoubledClientAuthenticationIsABadRequest() {
        form("grant_type=client_credentials&grant_type=client_credentials&client_id=" + platform.clientId()
                + "&client_secret=" + SigningFixtures.secretOf(platform.clientId()))
                .expectStatus().isBadRequest().expectBody().jsonPath("$.error_description").value(d ->
                        assertThat((String) d).contains("grant_type is repeated"));
        web.post().uri("/oauth2/token").headers(h -> h.setBasicAuth(platform.clientId(), SigningFixtures.secretOf(platform.clientId())))
                .contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .bodyValue("grant_type=client_credentials&client_secret=" + SigningFixtures.secretOf(platform.clientId()))
                .exchange().expectStatus().isBadRequest().expectBody().jsonPath("$.error").isEqualTo("invalid_request");
    }

    @Test
    void aNulCharacterAnywhereIsABadRequestInThePathsErrorForm() {
        cscError("credentials/list", "{\"userID\":\"demo\\u0000user\"}", "NUL");
        cscError("credentials/info", "{\"credentialID\":\"x\\u0000\"}", "NUL");
        cscError("credentials/authorize", "{\"credentialID\":\"c\",\"numSignatures\":1,\"hashes\":[\"a\\u0000\"]}", "NUL");
        form("grant_type=client_credentials&client_id=a%00b&client_secret=x").expectStatus().isBadRequest()
                .expectHeader().contentType(MediaType.APPLICATION_JSON).expectBody().jsonPath("$.error").isEqualTo("invalid_request");
        // in HTTP Basic credentials it is a failed client authentication (RFC 6749 §5.2), as any malformed header is
        String basic = Base64.getEncoder().encodeToString("a%00b:secret".getBytes(StandardCharsets.UTF_8));
        web.post().uri("/oauth2/token").header("Authorization", "Basic " + basic)
                .contentType(MediaType.APPLICATION_FORM_URLENCODED).bodyValue("grant_type=client_credentials")
                .exchange().expectStatus().isUnauthorized().expectBody().jsonPath("$.error").isEqualTo("invalid_client");

        problem(web.post().uri("/api/v1/accounts/register").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"email\":\"nul\\u0000@example.com\",\"password\":\"correct horse battery\"}").exchange());
        problem(web.get().uri(URI.create(base() + "/api/v1/video-slots?date=2026-12-01%00")).exchange());
        problem(web.get().uri(URI.create(base() + "/api/v1/org/ecodes/abc%00def/voucher.pdf")).exchange());
    }

    /** RFC 9110 §6.6.1: an origin server with a clock dates its answers, refusals made below the handlers too. */
    @Test
    void everyAnswerIsDated() throws Exception {
        java.util.function.Consumer<String> dated = date -> assertThat(java.time.ZonedDateTime.parse(date,
                java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME).toInstant())
                .isBetween(java.time.Instant.now().minusSeconds(5), java.time.Instant.now().plusSeconds(5));
        web.post().uri("/csc/v2/info").contentType(MediaType.APPLICATION_JSON).bodyValue("{}").exchange()
                .expectStatus().isOk().expectHeader().value("Date", dated);
        web.get().uri("/api/v1/no-such-thing").exchange().expectStatus().isNotFound().expectHeader().value("Date", dated);
        assertThat(raw("GET /csc/v2/info?x=%ZZ HTTP/1.1")).startsWith("HTTP/1.1 400").contains("\r\nDate: ");
    }

    @Test
    void noAnswerIsSniffedAndOnlyWhatSaysSoIsCached() throws Exception {
        web.post().uri("/csc/v2/info").contentType(MediaType.APPLICATION_JSON).bodyValue("{}").exchange()
                .expectStatus().isOk().expectHeader().valueEquals("X-Content-Type-Options", "nosniff")
                .expectHeader().valueEquals("Cache-Control", "no-store");
        web.get().uri("/pages/token-from-fragment.js").exchange().expectStatus().isOk()
                .expectHeader().valueEquals("X-Content-Type-Options", "nosniff");
        web.get().uri("/ca/crl").exchange().expectStatus().isOk()
                .expectHeader().value("Cache-Control", cache -> assertThat(cache).contains("max-age").doesNotContain("no-store"));
        assertThat(raw("GET /csc/v2/info?x=%ZZ HTTP/1.1")).contains("\r\nX-Content-Type-Options: nosniff")
                .containsIgnoringCase("\r\ncache-control: no-store");
        // OPTIONS names the methods, and no empty Accept-Patch (nothing here takes PATCH)
        web.options().uri("/api/v1/products").exchange().expectStatus().isOk()
                .expectHeader().exists("Allow").expectHeader().doesNotExist("Accept-Patch");
    }

    /**
     * Routing ignores a path's parameters and decodes it, while what reads the path as text (which methods need a token,
     * which limits and error format apply) would not: {@code /csc;x/v2/…} and {@code /%63sc/v2/…} reached CSC methods
     * without a token.
     */
    @Test
    void aPathWithParametersIsABadRequestBeforeAnyMethodRuns() {
        String hash = CscClient.sha256("no token");
        for (String path : List.of("/csc;x/v2/signatures/timestamp", "/csc/v2;x/signatures/timestamp",
                "/csc/v2/signatures/timestamp;x", "/csc/v2/signatures;/timestamp", "/%63sc/v2/signatures/timestamp",
                "/csc/%762/signatures/timestamp", "/csc/v2/signatures/time%73tamp")) {
            web.post().uri(URI.create(base() + path)).contentType(MediaType.APPLICATION_JSON)
                    .bodyValue(Map.of("hash", hash, "hashAlgo", CscClient.SHA256)).exchange()
                    .expectStatus().isBadRequest().expectHeader().contentType(MediaType.APPLICATION_JSON)
                    .expectBody().jsonPath("$.error").isEqualTo("invalid_request").jsonPath("$.timestamp").doesNotExist();
        }
        web.post().uri(URI.create(base() + "/oauth2;x/token")).contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .bodyValue("grant_type=client_credentials").exchange()
                .expectStatus().isBadRequest().expectHeader().contentType(MediaType.APPLICATION_JSON)
                .expectBody().jsonPath("$.error").isEqualTo("invalid_request");
        problem(web.get().uri(URI.create(base() + "/api;x/v1/products")).exchange());
        web.post().uri("/csc/v2/signatures/timestamp").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("hash", hash, "hashAlgo", CscClient.SHA256)).exchange().expectStatus().isUnauthorized();
    }

    @Test
    void aQueryParameterOfTheRestApiGivenTwiceIsABadRequestThatNamesIt() {
        web.get().uri(URI.create(base() + "/api/v1/video-slots?date=2026-12-01&date=2026-12-02")).exchange()
                .expectStatus().isBadRequest().expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.detail").value(detail -> assertThat((String) detail).contains("date"));
        problem(web.get().uri(URI.create(base() + "/api/v1/org/ecodes?status=ACTIVE&limit=5&status=ACTIVE")).exchange());
    }

    @Test
    void aRequestWithoutAValidSessionIs401WhateverItsBody() {
        for (String body : List.of("{}", "{\"productId\":[1],\"quantity\":\"x\"}", "[", "null")) {
            web.post().uri("/api/v1/org/ecodes").headers(h -> h.setBearerAuth("not-a-session"))
                    .contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange()
                    .expectStatus().isUnauthorized().expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .expectBody().jsonPath("$.status").isEqualTo(401);
        }
    }

    @Test
    void aSessionInAnotherRoleIs403WhateverItsBody() {
        IssuanceFixtures accounts = new IssuanceFixtures(web, context.getBean(AccountService.class));
        String applicant = accounts.newApplicant();
        String operator = accounts.newOperator(accounts.newOrganisationAdmin()).token();
        String application = "/api/v1/applications/" + UUID.randomUUID();
        Map<String, List<String>> othersEndpoints = Map.of(
                applicant, List.of("POST /api/v1/org/operators", "POST /api/v1/operator/invitations", "POST /api/v1/org/ecodes",
                        "POST /api/v1/org/stock", "POST /api/v1/operator/credentials/x/revoke",
                        "POST /api/v1/operator/applications/" + UUID.randomUUID() + "/verification-decision"),
                operator, List.of("POST /api/v1/applications", "PUT " + application + "/applicant-data",
                        "PUT " + application + "/certificate-parameters", "POST " + application + "/accept-documents",
                        "POST " + application + "/activation", "POST /api/v1/certificates/x/revoke"));
        othersEndpoints.forEach((session, endpoints) -> endpoints.forEach(endpoint -> {
            String[] methodAndPath = endpoint.split(" ");
            for (String body : List.of("{}", "{\"email\":7,\"reason\":\"nonsense\",\"quantity\":\"x\"}", "[", "null")) {
                web.method(HttpMethod.valueOf(methodAndPath[0])).uri(methodAndPath[1]).headers(h -> h.setBearerAuth(session))
                        .contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange()
                        .expectStatus().isForbidden().expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                        .expectBody().jsonPath("$.status").isEqualTo(403);
            }
        }));
    }

    @Test
    void aJsonObjectThatRepeatsAKeyIsRefusedAndSpendsNothing() {
        Credential credential = fixtures.credential(platform, KeyAlgorithm.EC_P256);
        String first = CscClient.sha256("first");
        String second = CscClient.sha256("second");
        String sad = client.authorize(credential.id(), List.of(first, second), 2, SigningFixtures.PIN,
                client.challenge(credential.id(), credential.phone()));

        cscError("signatures/signHash", "{\"credentialID\":\"" + credential.id() + "\",\"SAD\":\"" + sad + "\",\"hashes\":[\""
                + first + "\"],\"hashes\":[\"" + second + "\"],\"signAlgo\":\"" + CscClient.ECDSA_SHA256 + "\"}", "Duplicate");
        cscError("signatures/signHash", "{\"credentialID\":\"other\",\"credentialID\":\"" + credential.id() + "\",\"SAD\":\""
                + sad + "\",\"hashes\":[\"" + first + "\"],\"signAlgo\":\"" + CscClient.ECDSA_SHA256 + "\"}", "Duplicate");
        cscError("credentials/authorize", "{\"credentialID\":\"" + credential.id() + "\",\"credentialID\":\"x\"}", "Duplicate");
        problem(web.post().uri("/api/v1/accounts/register").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"email\":\"a@example.com\",\"email\":\"b@example.com\",\"password\":\"correct horse battery\"}")
                .exchange());

        assertThat(client.ok("signatures/signHash", CscClient.signHashBody(credential.id(), sad, List.of(first, second)))
                .get("signatures")).hasSize(2);
    }

    @Test
    void aRepeatedAuthorizationHostContentTypeOrIdempotencyKeyHeaderIsABadRequestInThePathsErrorForm() throws Exception {
        String basic = "Basic " + Base64.getEncoder().encodeToString((platform.clientId() + ":"
                + SigningFixtures.secretOf(platform.clientId())).getBytes(StandardCharsets.UTF_8));
        web.post().uri("/csc/v2/credentials/list").header("Authorization", "Bearer made-up", "Bearer " + client.token())
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("userID", "u"))
                .exchange().expectStatus().isBadRequest().expectHeader().contentType(MediaType.APPLICATION_JSON)
                .expectBody().jsonPath("$.error").isEqualTo("invalid_request")
                .jsonPath("$.error_description").value(d -> assertThat((String) d).contains("Authorization"));
        web.post().uri("/oauth2/token").header("Authorization", "Basic bm9ib2R5Om5vdGhpbmc=", basic)
                .contentType(MediaType.APPLICATION_FORM_URLENCODED).bodyValue("grant_type=client_credentials")
                .exchange().expectStatus().isBadRequest().expectBody().jsonPath("$.error").isEqualTo("invalid_request");

        assertThat(raw("GET /api/v1/products HTTP/1.1\r\nHost: evil.example")).startsWith("HTTP/1.1 400")
                .contains("application/problem+json").contains("Host");
        assertThat(rawMessage("POST /csc/v2/info HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: text/plain\r\n"
                + "Content-Type: application/json\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}"))
                .startsWith("HTTP/1.1 400").contains("\"error\":\"invalid_request\"").contains("Content-Type");
        // which earlier request a retry repeats must not depend on which of two keys a reader takes
        web.post().uri("/api/v1/org/stock").header("Idempotency-Key", "first-key", "second-key")
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("productId", "CQS-1Y", "quantity", 1))
                .exchange().expectStatus().isBadRequest().expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.detail").value(d -> assertThat((String) d).contains("Idempotency-Key"));
    }

    @Test
    void aTargetThatIsNotAUriOrAnotherHttpVersionIsAnsweredInThePathsErrorForm() throws Exception {
        assertThat(raw("GET /csc/v2/info?x=%ZZ HTTP/1.1")).startsWith("HTTP/1.1 400").contains("application/json")
                .contains("\"error\":\"invalid_request\"").contains("not a valid URI");
        assertThat(raw("POST /oauth2/token?a=% HTTP/1.1")).startsWith("HTTP/1.1 400").contains("application/json");
        assertThat(raw("GET /api/v1/products%ZZ HTTP/1.1")).startsWith("HTTP/1.1 400").contains("application/problem+json")
                .contains("\"status\":400");
        assertThat(raw("GET /api/v1/products?q=a|b HTTP/1.1")).startsWith("HTTP/1.1 400").contains("application/problem+json");
        assertThat(raw("POST /oauth2/token?client_secret=never-logged HTTP/2.0")).startsWith("HTTP/1.1 505")
                .contains("application/json").contains("HTTP version not supported");
        assertThat(raw("GET /csc/v2/info?lang=pl%2Den HTTP/1.1")).startsWith("HTTP/1.1 200");
        // a request line the server cannot read at all is still answered in its path's form
        for (String line : List.of("GET /csc/v2/info x HTTP/1.1", "GET /oauth2/token HTTP/1.10", "GET /csc/v2/info HTTP/ 1.1")) {
            assertThat(rawMessage(line + "\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")).as(line).startsWith("HTTP/1.1 400")
                    .contains("application/json").contains("\"error\":\"invalid_request\"");
        }
        assertThat(rawMessage("GET /api/v1/products x HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")).startsWith("HTTP/1.1 400")
                .contains("application/problem+json").contains("\"instance\":\"/api/v1/products\"");
        assertThat(rawMessage("CONNECT 127.0.0.1:443 HTTP/1.1\r\nHost: 127.0.0.1:443\r\n\r\n")).startsWith("HTTP/1.1 501")
                .contains("application/problem+json").contains("not a proxy");
    }

    @Test
    void anExpectationOtherThanContinueFailsAndContinueIsMet() throws Exception {
        assertThat(rawMessage("POST /csc/v2/info HTTP/1.1\r\nHost: 127.0.0.1\r\nExpect: 200-ok\r\nContent-Type: application/json\r\n"
                + "Content-Length: 2\r\n\r\n{}")).startsWith("HTTP/1.1 417").contains("application/json")
                .contains("\"error\":\"invalid_request\"").contains("100-continue");
        assertThat(rawMessage("GET /api/v1/products HTTP/1.1\r\nHost: 127.0.0.1\r\nExpect: 100-continue, x\r\n\r\n"))
                .startsWith("HTTP/1.1 417").contains("application/problem+json");
        assertThat(rawMessage("POST /csc/v2/info HTTP/1.1\r\nHost: 127.0.0.1\r\nExpect: 100-Continue\r\nConnection: close\r\n"
                + "Content-Type: application/json\r\nContent-Length: 2\r\n\r\n{}")).contains("HTTP/1.1 200").doesNotContain("HTTP/1.1 417");
    }

    @Test
    void anHttp11RequestWithoutAValidHostOrWithATransferCodingOtherThanChunkedIsRefusedInThePathsErrorForm() throws Exception {
        assertThat(rawMessage("GET /csc/v2/info HTTP/1.1\r\nConnection: close\r\n\r\n")).startsWith("HTTP/1.1 400")
                .contains("application/json").contains("Host header");
        assertThat(rawMessage("GET /api/v1/products HTTP/1.1\r\nConnection: close\r\n\r\n")).startsWith("HTTP/1.1 400")
                .contains("application/problem+json");
        assertThat(rawMessage("GET /csc/v2/info HTTP/1.0\r\n\r\n")).startsWith("HTTP/1.0 200");
        assertThat(rawMessage("GET /csc/v2/info HTTP/1.1\r\nHost: evil.example/x@y\r\nConnection: close\r\n\r\n"))
                .startsWith("HTTP/1.1 400").contains("application/json").contains("Host header is not a host");
        assertThat(rawMessage("GET /api/v1/products HTTP/1.0\r\nHost: a b\r\n\r\n")).startsWith("HTTP/1.1 400")
                .contains("application/problem+json");
        assertThat(rawMessage("GET /csc/v2/info HTTP/1.1\r\nHost: [::1]:8080\r\nConnection: close\r\n\r\n"))
                .startsWith("HTTP/1.1 200");
        // an empty port is the scheme's default (RFC 3986 §3.2.3), not a bare 400 from a server that reads it as a number
        assertThat(rawMessage("GET /api/v1/products HTTP/1.1\r\nHost: 127.0.0.1:\r\nConnection: close\r\n\r\n"))
                .startsWith("HTTP/1.1 200").contains("application/json");

        String chunkedBody = "\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n2\r\n{}\r\n0\r\n\r\n";
        assertThat(rawMessage("POST /csc/v2/info HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: gzip, chunked" + chunkedBody))
                .startsWith("HTTP/1.1 501").contains("application/json").contains("Transfer-Encoding gzip, chunked");
        // chunked not last, or twice: the body's length cannot be determined (RFC 9112 §6.3; Netty 4.2.20 refuses these
        // itself, as malformed messages, before the edge's own check of the codings)
        assertThat(rawMessage("POST /csc/v2/info HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n"
                + "Transfer-Encoding: gzip" + chunkedBody)).startsWith("HTTP/1.1 400").contains("application/json");
        assertThat(rawMessage("POST /csc/v2/info HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked, chunked"
                + chunkedBody)).startsWith("HTTP/1.1 400").contains("application/json");
        assertThat(rawMessage("POST /api/v1/products HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n"
                + "Transfer-Encoding: chunked" + chunkedBody)).startsWith("HTTP/1.1 400").contains("application/problem+json");
        assertThat(rawMessage("POST /csc/v2/info HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: Chunked" + chunkedBody))
                .startsWith("HTTP/1.1 200");
    }

    /**
     * A chunked body that breaks off malformed gets one answer: in the path's error form if its handler had not begun
     * one, else the handler's (here the 405 of a probe, whose requests are not admitted, so their bodies are not read
     * first), and the connection is then closed.
     */
    @Test
    @ExtendWith(OutputCaptureExtension.class)
    void aMalformedChunkedBodyGetsOneAnswerInThePathsErrorForm(CapturedOutput output) throws Exception {
        String head = "POST %s HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n";
        String badSize = rawMessage(head.formatted("/csc/v2/info") + "ZZ\r\n{}\r\n0\r\n\r\n");
        assertThat(badSize).startsWith("HTTP/1.1 400").contains("application/json").contains("\"error\":\"invalid_request\"")
                .contains("chunked request body is malformed");
        assertThat(badSize.split("HTTP/1\\.1 ", -1)).as("one answer").hasSize(2);

        String longExtension = rawMessage(head.formatted("/actuator/health") + "2;" + "x".repeat(20_000)
                + "\r\n{}\r\n0\r\n\r\n");
        assertThat(longExtension).startsWith("HTTP/1.1 405");
        assertThat(longExtension.split("HTTP/1\\.1 ", -1)).as("one answer").hasSize(2);

        assertThat(rawMessage(head.formatted("/api/v1/accounts/register") + "ZZ\r\n")).startsWith("HTTP/1.1 400")
                .contains("application/problem+json").contains("\"instance\":\"/api/v1/accounts/register\"");
        Thread.sleep(3000); // the handlers left waiting for the bodies end as the connections close (2 s after the answer)
        assertThat(output.getAll()).as("a client's broken body is not the server's failure").doesNotContain("Unhandled failure");
    }

    /**
     * A request refused at the edge, pipelined behind one that is still being served (the product list reads
     * PostgreSQL), waits for that one's answer: answers keep the order of their requests (RFC 9112 §9.3.2).
     */
    @Test
    void aRefusalPipelinedBehindAServedRequestComesAfterItsAnswer() throws Exception {
        String answers = rawMessage("GET /api/v1/products HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
                + "GET /csc/v2/info HTTP/1.7\r\nHost: 127.0.0.1\r\n\r\n");
        assertThat(answers).as(answers).startsWith("HTTP/1.1 200");
        assertThat(answers.indexOf("HTTP/1.1 505")).as("the refusal, after the first answer: " + answers).isPositive();
    }

    /** Requests pipelined behind one whose JSON body a handler read are answered too, in order. */
    @Test
    void aRequestPipelinedBehindOneWithABodyIsAnswered() throws Exception {
        String answers = rawMessage("POST /csc/v2/info HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                + "Content-Length: 13\r\n\r\n{\"lang\":\"en\"}GET /csc/v2/info HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
        assertThat(answers.split("HTTP/1\\.1 200 ", -1)).as(answers).hasSize(3);
    }

    /**
     * A chunked info body over the limit is 413, and its buffers are released once: a second release (a discarded buffer
     * handed to two discard hooks) freed memory the HTTP decoder still held, logged as IllegalReferenceCountException.
     */
    @Test
    @ExtendWith(OutputCaptureExtension.class)
    void anInfoBodyOverTheLimitIs413AndReleasedOnce(CapturedOutput output) throws Exception {
        String padding = "x".repeat(1024 * 1024 + 10);
        evenIfCutShort(() -> unpooled().post().uri("/csc/v2/info").contentType(MediaType.APPLICATION_JSON)
                .body(reactor.core.publisher.Flux.just("{\"lang\":\"", padding, "\"}"), String.class).exchange()
                .expectStatus().isEqualTo(HttpStatus.CONTENT_TOO_LARGE).expectHeader().contentType(MediaType.APPLICATION_JSON));
        Thread.sleep(500); // the connection's last buffers are released as it closes, after the answer
        assertThat(output.getAll()).doesNotContain("IllegalReferenceCountException");
    }

    @Test
    void aBodyInAContentCodingIs415InThePathsErrorForm() throws Exception {
        java.io.ByteArrayOutputStream gzipped = new java.io.ByteArrayOutputStream();
        try (java.util.zip.GZIPOutputStream gzip = new java.util.zip.GZIPOutputStream(gzipped)) {
            gzip.write("{\"userID\":\"u\"}".getBytes(StandardCharsets.UTF_8));
        }
        web.post().uri("/csc/v2/credentials/list").headers(h -> h.setBearerAuth(client.token())).header("Content-Encoding", "gzip")
                .contentType(MediaType.APPLICATION_JSON).bodyValue(gzipped.toByteArray()).exchange()
                .expectStatus().isEqualTo(HttpStatus.UNSUPPORTED_MEDIA_TYPE).expectHeader().contentType(MediaType.APPLICATION_JSON)
                .expectBody().jsonPath("$.error").isEqualTo("invalid_request")
                .jsonPath("$.error_description").value(d -> assertThat((String) d).contains("Content-Encoding gzip"));
        web.post().uri("/api/v1/accounts/register").header("Content-Encoding", "br").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{}").exchange().expectStatus().isEqualTo(HttpStatus.UNSUPPORTED_MEDIA_TYPE)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
        web.post().uri("/csc/v2/credentials/list").headers(h -> h.setBearerAuth(client.token())).header("Content-Encoding", "identity")
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("userID", "u")).exchange().expectStatus().isOk();
    }

    @Test
    void aContentTypeWithACharsetTheServerDoesNotKnowIs415InThePathsErrorForm() throws Exception {
        // the media type parses, but its charset does not: every reader of the header must refuse it as the client's
        String unknownCharset = "Content-Type: application/json; charset=binary\r\n";
        assertThat(rawMessage("POST /csc/v2/info HTTP/1.1\r\nHost: 127.0.0.1\r\n" + unknownCharset
                + "Content-Length: 2\r\nConnection: close\r\n\r\n{}"))
                .startsWith("HTTP/1.1 415").contains("\"error\":\"invalid_request\"").contains("charset 'binary'");
        assertThat(rawMessage("POST /api/v1/org/stock HTTP/1.1\r\nHost: 127.0.0.1\r\nIdempotency-Key: charset-key\r\n"
                + unknownCharset + "Content-Length: 2\r\nConnection: close\r\n\r\n{}"))
                .startsWith("HTTP/1.1 415").contains("application/problem+json").contains("charset 'binary'");
        assertThat(rawMessage("POST /ca/ocsp HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/ocsp-request; "
                + "charset=binary\r\nContent-Length: 2\r\nConnection: close\r\n\r\n\u0030\u0000"))
                .startsWith("HTTP/1.1 415").contains("application/problem+json");
    }

    @Test
    void anAcceptHeaderOfMoreMediaRangesThanAreSortedIs406InThePathsErrorForm() {
        String tooMany = String.join(", ", java.util.stream.IntStream.rangeClosed(0, RequestHygieneFilter.MAX_MEDIA_RANGES)
                .mapToObj(i -> "text/x" + i).toList());
        web.get().uri("/csc/v2/info").header("Accept", tooMany).exchange()
                .expectStatus().isEqualTo(HttpStatus.NOT_ACCEPTABLE).expectHeader().contentType(MediaType.APPLICATION_JSON)
                .expectBody().jsonPath("$.error").isEqualTo("invalid_request")
                .jsonPath("$.error_description").value(d -> assertThat((String) d).contains("more than 50 media ranges"));
        web.get().uri("/api/v1/products").header("Accept", tooMany.replace("text/x0", "*/*")).exchange()
                .expectStatus().isEqualTo(HttpStatus.NOT_ACCEPTABLE).expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
        String fifty = tooMany.substring(tooMany.indexOf(", ") + 2).replace("text/x1,", "application/json,");
        web.get().uri("/csc/v2/info").header("Accept", fifty).exchange().expectStatus().isOk();
    }

    /**
     * Empty list elements of an Accept header are ignored (RFC 9110 §5.6.1.2), and one that still does not parse is
     * disregarded (§12.5.1): every handler answers as if it were absent, Actuator's too (before: 400 and 406).
     */
    @Test
    void anAcceptHeaderWithEmptyElementsIsReadAndAnUnreadableOneDisregarded() {
        for (String accept : List.of("application/json,", ", application/json", "application/json,,*/*", "*/*;q=x",
                "application/json;q=0.5;;")) {
            web.get().uri("/actuator/health").header("Accept", accept).exchange().expectStatus().isOk()
                    .expectBody().jsonPath("$.status").isEqualTo("UP");
            web.get().uri("/csc/v2/info").header("Accept", accept).exchange().expectStatus().isOk()
                    .expectHeader().contentType(MediaType.APPLICATION_JSON);
        }
        assertThat(RequestHygieneFilter.readableAccept(List.of("text/html, ,application/json")))
                .containsExactly("text/html, application/json");
        assertThat(RequestHygieneFilter.readableAccept(List.of("*/*;q=x"))).isEmpty();
        List<String> readable = List.of("application/json");
        assertThat(RequestHygieneFilter.readableAccept(readable)).isSameAs(readable);
        // what stays refused: too many ranges to sort (406 above), and a readable Accept that names nothing served
        web.get().uri("/actuator/health").header("Accept", "image/png,").exchange()
                .expectStatus().isEqualTo(HttpStatus.NOT_ACCEPTABLE);
    }

    /**
     * Bodies promised and never sent, more of them than the OAuth2 class has permits (32), take no permit: the platform's
     * own token request is served meanwhile, and each of them ends at the class's deadline in 408 with the connection
     * closed, in the path's error form.
     */
    @Test
    void requestsWhoseBodiesNeverArriveDoNotShutOutTheOthers() throws Exception {
        List<java.net.Socket> stalled = new java.util.ArrayList<>();
        try {
            for (int i = 0; i < 40; i++) {
                java.net.Socket socket = new java.net.Socket("127.0.0.1", port);
                socket.setSoTimeout(15_000);
                socket.getOutputStream().write(("POST /oauth2/token HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: "
                        + "application/x-www-form-urlencoded\r\nContent-Length: 100\r\n\r\ngrant_type=")
                        .getBytes(StandardCharsets.US_ASCII));
                stalled.add(socket);
            }
            Thread.sleep(300); // their heads are read
            String basic = Base64.getEncoder().encodeToString((platform.clientId() + ":"
                    + SigningFixtures.secretOf(platform.clientId())).getBytes(StandardCharsets.UTF_8));
            web.post().uri("/oauth2/token").header("Authorization", "Basic " + basic)
                    .contentType(MediaType.APPLICATION_FORM_URLENCODED).bodyValue("grant_type=client_credentials&scope=service")
                    .exchange().expectStatus().isOk();
            String answer = new String(stalled.getFirst().getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            assertThat(answer).startsWith("HTTP/1.1 408").containsIgnoringCase("connection: close")
                    .contains("\"error\":\"invalid_request\"").contains("body did not arrive");
        } finally {
            for (java.net.Socket socket : stalled) {
                socket.close();
            }
        }
    }

    @Test
    void anAuthDataIdGivenTwiceIsRefusedAndTheCodeStaysUsable() {
        Credential credential = fixtures.credential(platform, KeyAlgorithm.EC_P256);
        String hash = CscClient.sha256("document");
        String otp = client.challenge(credential.id(), credential.phone());
        for (List<String> pins : List.of(List.of(SigningFixtures.PIN, "00000000"), List.of("00000000", SigningFixtures.PIN))) {
            cscError("credentials/authorize", "{\"credentialID\":\"" + credential.id() + "\",\"numSignatures\":1,\"hashes\":[\""
                    + hash + "\"],\"hashAlgorithmOID\":\"" + CscClient.SHA256 + "\",\"authData\":[{\"id\":\"PIN\",\"value\":\""
                    + pins.get(0) + "\"},{\"id\":\"PIN\",\"value\":\"" + pins.get(1) + "\"},{\"id\":\"OTP\",\"value\":\"" + otp
                    + "\"}]}", "authData PIN is given more than once");
        }
        assertThat(client.authorize(credential.id(), List.of(hash), 1, SigningFixtures.PIN, otp)).isNotBlank();
    }

    @Test
    void aForeignCredentialLooksUnknownWhateverElseIsWrongWithTheRequest() {
        PlatformClient other = fixtures.platform();
        Credential foreign = fixtures.credential(other, KeyAlgorithm.EC_P256);
        String unknown = foreign.id() + "-unknown";
        for (String credentialId : List.of(foreign.id(), unknown)) {
            client.call("signatures/signHash", Map.of("credentialID", credentialId, "SAD", "x",
                            "hashes", List.of(CscClient.sha256("d")), "signAlgo", RSA_SHA256, "hashAlgorithmOID", CscClient.SHA256))
                    .expectStatus().isBadRequest()
                    .expectBody().jsonPath("$.error_description").isEqualTo("Invalid parameter credentialID");
        }
    }

    @Test
    void webhookTimestampsAtTheEndsOfLongAreStaleNotAFailure() {
        Map<String, Object> event = Map.of("eventId", "evt-1", "reference", "MIDX", "result", "POSITIVE");
        for (long timestamp : List.of(Long.MAX_VALUE, -Long.MAX_VALUE, Long.MIN_VALUE)) {
            IssuanceJourney.webhook(web, "/api/v1/webhooks/identity-verification", IssuanceJourney.IDENTITY_SECRET, event,
                    timestamp).expectStatus().isUnauthorized()
                    .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .expectBody().jsonPath("$.code").isEqualTo("stale_webhook");
        }
    }

    @Test
    void aCorrectlySignedWebhookMissingARequiredFieldIsABadRequest() {
        long now = Instant.now().getEpochSecond();
        IssuanceJourney.webhook(web, "/api/v1/webhooks/identity-verification", IssuanceJourney.IDENTITY_SECRET,
                Map.of("reference", "MIDX", "result", "POSITIVE"), now)
                .expectStatus().isBadRequest().expectBody().jsonPath("$.detail").value(d -> assertThat((String) d).contains("eventId"));
        IssuanceJourney.webhook(web, "/api/v1/webhooks/payments", IssuanceJourney.PAYMENT_SECRET,
                Map.of("eventId", "pay-1", "amount", 1.00, "currency", "PLN", "payerName", "Jan Nowak",
                        "payerAccount", "PL61109010140000071219812874"), now)
                .expectStatus().isBadRequest().expectBody().jsonPath("$.detail").value(d -> assertThat((String) d).contains("title"));
        for (String path : List.of("/api/v1/webhooks/identity-verification", "/api/v1/webhooks/payments")) {
            String secret = path.endsWith("payments") ? IssuanceJourney.PAYMENT_SECRET : IssuanceJourney.IDENTITY_SECRET;
            IssuanceJourney.webhook(web, path, secret, null, now).expectStatus().isBadRequest()
                    .expectBody().jsonPath("$.detail").value(d -> assertThat((String) d).contains("JSON object"));
        }
    }

    /** Netty passes a request line too long to decode on without its target: the line's first bytes tell the form. */
    @Test
    void aRequestLineTooLongIsAnsweredInThePathsErrorForm() throws Exception {
        String query = "?q=" + "a".repeat(20_000);
        assertThat(raw("POST /csc/v2/credentials/list" + query + " HTTP/1.1")).startsWith("HTTP/1.1 414")
                .contains("application/json").contains("\"error\":\"invalid_request\"").contains("request line is too long");
        assertThat(raw("GET /oauth2/authorize" + query + " HTTP/1.1")).startsWith("HTTP/1.1 414").contains("application/json")
                .contains("\"error\":\"invalid_request\"");
        assertThat(raw("GET /csc/v2/" + "a".repeat(20_000) + " HTTP/1.1")).startsWith("HTTP/1.1 414").contains("application/json");
        assertThat(raw("GET /api/v1/products" + query + " HTTP/1.1")).startsWith("HTTP/1.1 414")
                .contains("application/problem+json").contains("\"instance\":\"/api/v1/products\"");
        assertThat(raw("GET http://127.0.0.1/csc/v2/info" + query + " HTTP/1.1")).startsWith("HTTP/1.1 414")
                .contains("application/json");
    }

    @Test
    void anOversizedHeaderIsAnsweredInThePathsErrorForm() {
        String big = "x".repeat(20_000);
        unpooled().post().uri("/csc/v2/info").header("X-Big", big).contentType(MediaType.APPLICATION_JSON).bodyValue("{}")
                .exchange().expectStatus().isEqualTo(HttpStatus.REQUEST_HEADER_FIELDS_TOO_LARGE)
                .expectHeader().contentType(MediaType.APPLICATION_JSON)
                .expectBody().jsonPath("$.error").isEqualTo("invalid_request")
                .jsonPath("$.error_description").value(d -> assertThat((String) d).contains("headers exceed"));
        unpooled().get().uri("/api/v1/products").header("X-Big", big)
                .exchange().expectStatus().isEqualTo(HttpStatus.REQUEST_HEADER_FIELDS_TOO_LARGE)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.status").isEqualTo(431).jsonPath("$.instance").isEqualTo("/api/v1/products");
    }

    /** One request over a raw connection (the line as given, a Host, nothing else); the whole answer. */
    private String raw(String requestLine) throws Exception {
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
            socket.getOutputStream().write((requestLine + "\r\nHost: 127.0.0.1\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private String rawMessage(String message) throws Exception {
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
            socket.getOutputStream().write(message.getBytes(StandardCharsets.US_ASCII));
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private String base() {
        return "http://127.0.0.1:" + port;
    }

    private WebTestClient.ResponseSpec form(String body) {
        return web.post().uri("/oauth2/token").contentType(MediaType.APPLICATION_FORM_URLENCODED).bodyValue(body).exchange();
    }

    private void cscError(String method, String rawJson, String descriptionPart) {
        client.call(method, rawJson).expectStatus().isBadRequest()
                .expectHeader().contentType(MediaType.APPLICATION_JSON)
                .expectBody().jsonPath("$.error").isEqualTo("invalid_request")
                .jsonPath("$.error_description").value(d -> assertThat((String) d).contains(descriptionPart));
    }

    private static void problem(WebTestClient.ResponseSpec response) {
        response.expectStatus().isBadRequest().expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.status").isEqualTo(400);
    }
}
