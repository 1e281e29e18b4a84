package io.sigillum.gateway.oauth2;

import static org.assertj.core.api.Assertions.assertThat;

import io.sigillum.gateway.support.CscClient;
import io.sigillum.gateway.support.SigningFixtures;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * Authorization requests (here pushed, RFC 9126) that could never end well are refused when they are made, not when
 * their code is redeemed or their page shown: a PKCE challenge no verifier can match, a loopback redirect URI on a port
 * no browser can reach, and authorization details whose meaning depends on which of two equal keys a reader takes.
 */
class AuthorizationRequestRulesIntegrationTests extends WalletIntegrationTest {

    private static final String LOOPBACK = "http://127.0.0.1:43210/callback";


    @Test
    void aCodeChallengeThatIsNotTheBase64urlOfASha256DigestIsRefused() {
        for (String challenge : List.of("abc", "!".repeat(43), "a".repeat(42), "a".repeat(44), "a".repeat(42) + "=",
                "a".repeat(200))) {
            push(LOOPBACK, Map.of("scope", "service", "code_challenge", challenge)).expectStatus().isBadRequest()
                    .expectBody().jsonPath("$.error").isEqualTo("invalid_request")
                    .jsonPath("$.error_description").value(text -> assertThat((String) text).as(challenge).contains("code_challenge"));
        }
        push(LOOPBACK, Map.of("scope", "service")).expectStatus().isCreated();
    }

    @Test
    void aLoopbackRedirectUriOnAPortNoBrowserCanReachIsNotRegistered() {
        for (String port : List.of("0", "65536", "99999")) {
            push("http://127.0.0.1:" + port + "/callback", Map.of("scope", "service")).expectStatus().isBadRequest()
                    .expectBody().jsonPath("$.error").isEqualTo("invalid_request");
        }
        push("http://127.0.0.1:65535/callback", Map.of("scope", "service")).expectStatus().isCreated();
    }

    @Test
    void authorizationDetailsThatRepeatAKeyAreRefused() {
        String detail = "{\"type\":\"credential\",\"credentialID\":\"%s\",\"hashAlgorithmOID\":\"2.16.840.1.101.3.4.2.1\","
                + "\"documentDigests\":[{\"hash\":\"%s\",\"label\":\"shown.pdf\"}]%s}";
        String hash = CscClient.sha256("the document shown");
        String other = CscClient.sha256("the document signed");
        String repeated = "[" + detail.formatted(credential.id(), hash, ",\"documentDigests\":[{\"hash\":\"" + other + "\"}]")
                + "]";

        push(LOOPBACK, Map.of("authorization_details", repeated)).expectStatus().isBadRequest()
                .expectBody().jsonPath("$.error").isEqualTo("invalid_authorization_details");
        push(LOOPBACK, Map.of("authorization_details", "[" + detail.formatted(credential.id(), hash, "") + "]"))
                .expectStatus().isCreated();
    }

    @Test
    void aRepeatedParameterGoesBackToTheClientUnlessItSaysWhereFailuresGo() {
        PageVisitor browser = new PageVisitor(web, wallet.clientId(), LOOPBACK);
        // every value here is made of characters a query takes as they are
        String query = UriComponentsBuilder.newInstance().queryParams(browser.request(Map.of("scope", "service"))).build().getQuery();

        var scopeTwice = web.get().uri("/oauth2/authorize?" + query + "&scope=credential").exchange()
                .expectStatus().isFound().expectBody(String.class).returnResult();
        assertThat(browser.errorFrom(scopeTwice)).isEqualTo("invalid_request");

        for (String addressing : List.of("redirect_uri=" + LOOPBACK, "client_id=" + wallet.clientId(), "state=other")) {
            web.get().uri("/oauth2/authorize?" + query + "&" + addressing).exchange()
                    .expectStatus().isBadRequest().expectHeader().doesNotExist(HttpHeaders.LOCATION);
        }
        web.get().uri("/oauth2/authorize?" + query).exchange().expectStatus().isOk();
    }

    @Test
    void thePageSaysInContentLanguageTheLanguageItSpeaks() {
        PageVisitor browser = new PageVisitor(web, wallet.clientId(), LOOPBACK);
        var polish = browser.open(browser.push(Map.of("scope", "service", "lang", "pl")));
        assertThat(polish.getResponseHeaders().getFirst(HttpHeaders.CONTENT_LANGUAGE)).isEqualTo("pl");
        assertThat(browser.page).contains("lang=\"pl\"");
        PageVisitor other = new PageVisitor(web, wallet.clientId(), LOOPBACK);
        var english = other.open(other.push(Map.of("scope", "service", "ui_locales", "en")));
        assertThat(english.getResponseHeaders().getFirst(HttpHeaders.CONTENT_LANGUAGE)).isEqualTo("en");
    }

    private WebTestClient.ResponseSpec push(String redirectUri, Map<String, String> extra) {
        return web.post().uri("/oauth2/pushed_authorize")
                .headers(h -> h.setBasicAuth(wallet.clientId(), SigningFixtures.secretOf(wallet.clientId())))
                .contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .bodyValue(new PageVisitor(web, wallet.clientId(), redirectUri).request(extra))
                .exchange();
    }
}
