package io.sigillum.gateway.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.sigillum.gateway.support.CscClient;
import io.sigillum.gateway.support.IntegrationTest;
import io.sigillum.gateway.support.SigningFixtures;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;

class ErrorModelIntegrationTests extends IntegrationTest {

    @Autowired
    ApplicationContext context;

    /** CSC paths authenticate before anything else; these tests look at what comes after. */
    private String platformToken() {
        var platform = new SigningFixtures(context).platform();
        return CscClient.login(web, platform.clientId(), SigningFixtures.secretOf(platform.clientId())).token();
    }

    @Test
    void cscPathsWithoutATokenAre401CscErrorJson() {
        web.post().uri("/csc/v2/no/such/method").contentType(MediaType.APPLICATION_JSON).bodyValue("{}").exchange()
                .expectStatus().isUnauthorized()
                .expectHeader().contentType(MediaType.APPLICATION_JSON)
                .expectBody().jsonPath("$.error").isEqualTo("invalid_token");
    }

    @Test
    void every401OutsideCscSaysHowToAuthenticate() {
        web.get().uri("/api/v1/applications").exchange().expectStatus().isUnauthorized()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectHeader().valueEquals(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"sigillum\"");
        web.get().uri("/api/v1/applications").headers(h -> h.setBearerAuth("no-such-session")).exchange()
                .expectStatus().isUnauthorized()
                .expectHeader().valueEquals(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"sigillum\", error=\"invalid_token\"");
        web.post().uri("/api/v1/webhooks/payments").contentType(MediaType.APPLICATION_JSON).bodyValue("{}").exchange()
                .expectStatus().isUnauthorized().expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectHeader().valueEquals(HttpHeaders.WWW_AUTHENTICATE, "Sigillum-Signature realm=\"sigillum-webhooks\"");
    }

    @Test
    void unknownPathOutsideCscIsProblemJson() {
        web.get().uri("/api/v1/does-not-exist").exchange()
                .expectStatus().isNotFound()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.status").isEqualTo(404)
                .jsonPath("$.title").isEqualTo("Not Found")
                .jsonPath("$.instance").isEqualTo("/api/v1/does-not-exist")
                .jsonPath("$.type").exists();
    }

    @Test
    void unknownCscMethodIsCscErrorJson() {
        web.post().uri("/csc/v2/no/such/method").headers(h -> h.setBearerAuth(platformToken()))
                .contentType(MediaType.APPLICATION_JSON).bodyValue("{}").exchange()
                .expectStatus().isNotFound()
                .expectHeader().contentType(MediaType.APPLICATION_JSON)
                .expectBody()
                .jsonPath("$.error").isEqualTo("invalid_request")
                .jsonPath("$.error_description").isNotEmpty()
                .jsonPath("$.type").doesNotExist();
    }

    @Test
    void wrongMethodIs405WithAllowHeader() {
        web.delete().uri("/actuator/health").exchange()
                .expectStatus().isEqualTo(HttpStatus.METHOD_NOT_ALLOWED)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.status").isEqualTo(405);
        // what the path answers: HEAD with GET, OPTIONS always, as an OPTIONS request would list them
        String allowed = web.put().uri("/api/v1/products").exchange().expectStatus().isEqualTo(HttpStatus.METHOD_NOT_ALLOWED)
                .expectBody().returnResult().getResponseHeaders().getFirst("Allow");
        assertThat(allowed).isEqualTo("GET,HEAD,OPTIONS")
                .isEqualTo(web.options().uri("/api/v1/products").exchange().expectStatus().isOk()
                        .expectBody().returnResult().getResponseHeaders().getFirst("Allow"));
    }

    /** application/problem+json is the form of errors: a success is never labelled so, whatever the client lists first. */
    @Test
    void aSuccessIsNotLabelledAsAProblem() {
        for (String accept : List.of("application/problem+json, application/json", "application/problem+json")) {
            web.get().uri("/api/v1/products").header("Accept", accept).exchange()
                    .expectStatus().isOk().expectHeader().contentType(MediaType.APPLICATION_JSON);
        }
        web.get().uri("/api/v1/no-such-thing").header("Accept", "application/problem+json").exchange()
                .expectStatus().isNotFound().expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
    }

    @Test
    void malformedJsonIs400ProblemJson() {
        web.post().uri("/api/v1/_echo").contentType(MediaType.APPLICATION_JSON).bodyValue("{\"name\": ").exchange()
                .expectStatus().isBadRequest()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.detail").value(d -> org.assertj.core.api.Assertions.assertThat((String) d)
                        .contains("Malformed JSON"));
    }

    @Test
    void malformedJsonOnCscIs400CscError() {
        web.post().uri("/csc/v2/_echo").headers(h -> h.setBearerAuth(platformToken()))
                .contentType(MediaType.APPLICATION_JSON).bodyValue("{\"name\": ").exchange()
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.error").isEqualTo("invalid_request");
    }

    @Test
    void wrongContentTypeIs415() throws Exception {
        web.post().uri("/api/v1/_echo").contentType(MediaType.TEXT_PLAIN).bodyValue("name=x").exchange()
                .expectStatus().isEqualTo(HttpStatus.UNSUPPORTED_MEDIA_TYPE)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.status").isEqualTo(415)
                .jsonPath("$.detail").value(detail -> assertThat((String) detail).startsWith("Content type text/plain"));
        // WebClient will not send a charset it does not know: a raw connection does
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
            socket.getOutputStream().write(("POST /api/v1/_echo HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json; "
                    + "charset=no-such-charset\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}")
                    .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            String answer = new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            assertThat(answer).startsWith("HTTP/1.1 415").contains("The Content-Type header is missing or not a valid media type")
                    .doesNotContain("(none)");
        }
    }

    @Test
    void declaredBodyOverTheLimitIs413() {
        byte[] big = new byte[1024 * 1024 + 1];
        java.util.Arrays.fill(big, (byte) ' ');
        evenIfCutShort(() -> unpooled().post().uri("/api/v1/_echo").contentType(MediaType.APPLICATION_JSON).bodyValue(big).exchange()
                .expectStatus().isEqualTo(HttpStatus.CONTENT_TOO_LARGE)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.status").isEqualTo(413));
    }

    @Test
    void chunkedBodyOverTheLimitIs413OnCsc() {
        String padding = "x".repeat(1024 * 1024 + 10);
        String token = platformToken();
        evenIfCutShort(() -> unpooled().post().uri("/csc/v2/_echo").headers(h -> h.setBearerAuth(token))
                .contentType(MediaType.APPLICATION_JSON)
                .body(reactor.core.publisher.Flux.just("{\"name\":\"", padding, "\"}"), String.class).exchange()
                .expectStatus().isEqualTo(HttpStatus.CONTENT_TOO_LARGE)
                .expectBody().jsonPath("$.error").isEqualTo("invalid_request"));
    }

    @Test
    void fieldValidationErrorsAreListed() {
        web.post().uri("/api/v1/_echo").contentType(MediaType.APPLICATION_JSON).bodyValue("{\"name\":\"\"}").exchange()
                .expectStatus().isBadRequest()
                .expectBody()
                .jsonPath("$.errors[0].field").isEqualTo("name")
                .jsonPath("$.errors[0].code").isEqualTo("NotBlank");
    }

    @Test
    void validRequestPassesThrough() {
        web.post().uri("/api/v1/_echo").contentType(MediaType.APPLICATION_JSON).bodyValue("{\"name\":\"ok\"}").exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.name").isEqualTo("ok");
    }
}
