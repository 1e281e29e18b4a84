package io.sigillum.gateway.oauth2;

import static org.assertj.core.api.Assertions.assertThat;

import io.sigillum.gateway.account.AccountService;
import io.sigillum.gateway.support.CscClient;
import io.sigillum.gateway.support.SigningFixtures;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.util.UriComponentsBuilder;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the authorization server answers, to the letter of the RFCs: the state only when the client sent one, error
 * descriptions in OAuth2's character set and of bounded length, a pushed request checked as a direct one, a value of an
 * authorization detail refused as one, and one page's racing posts finishing once.
 */
class AuthorizationAnswersIntegrationTests extends WalletIntegrationTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String CALLBACK = "http://127.0.0.1:43210/callback";

    @Autowired
    AccountService accounts;


    @Test
    void theCodeCarriesTheStateOnlyWhenTheClientSentOne() {
        String email = signer();
        PageVisitor browser = new PageVisitor(web, wallet.clientId(), CALLBACK);
        browser.openDirect(Map.of("scope", "service", "state", ""));
        URI location = browser.post(Map.of("action", "login", "email", email, "password", PASSWORD)).getResponseHeaders().getLocation();

        Map<String, String> query = UriComponentsBuilder.fromUri(location).build().getQueryParams().toSingleValueMap();
        assertThat(query).containsKeys("code", "iss").doesNotContainKey("state");
    }

    @Test
    void onePagesSignInsRacingEachOtherGetOneCode() {
        String email = signer();
        PageVisitor browser = new PageVisitor(web, wallet.clientId(), CALLBACK);
        browser.open(browser.push(Map.of("scope", "service")));
        MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
        browser.hiddenFields().forEach(form::add);
        Map.of("action", "login", "email", email, "password", PASSWORD).forEach(form::add);
        Map<String, String> cookies = browser.cookies();

        ExecutorService posters = Executors.newFixedThreadPool(4);
        try {
            List<EntityExchangeResult<byte[]>> answers = IntStream.range(0, 4).mapToObj(i -> CompletableFuture.supplyAsync(() -> web
                            .post().uri("/oauth2/authorize/confirm").cookies(jar -> cookies.forEach(jar::add))
                            .contentType(MediaType.APPLICATION_FORM_URLENCODED).bodyValue(form)
                            .exchange().expectBody().returnResult(), posters)).toList()
                    .stream().map(CompletableFuture::join).toList();
            // one code: the posts that lost the race (a double click's) are sent where the winner was
            assertThat(answers).allSatisfy(answer -> assertThat(answer.getStatus()).isEqualTo(HttpStatus.SEE_OTHER));
            assertThat(answers.stream().map(answer -> answer.getResponseHeaders().getLocation()).distinct()).hasSize(1);
        } finally {
            posters.shutdown();
        }
    }

    @Test
    void aPushedRequestIsCheckedAsADirectOneAndADetailsValueIsRefusedAsOne() {
        Map<String, String> tooMany = Map.of("scope", "credential", "credentialID", credential.id(),
                "hashes", CscClient.sha256("a"), "hashAlgorithmOID", CscClient.SHA256, "numSignatures", "5000");
        push(tooMany).expectStatus().isBadRequest().expectBody().jsonPath("$.error").isEqualTo("invalid_request")
                .jsonPath("$.error_description").isEqualTo("Numbers of signatures is too high");

        push(Map.of("authorization_details", details("not-a-credential-" + UUID.randomUUID(), "1")))
                .expectStatus().isBadRequest().expectBody().jsonPath("$.error").isEqualTo("invalid_authorization_details");
        for (String count : List.of("-4294967295", "-4294967294", "0", "4294967297")) {
            push(Map.of("authorization_details", details(credential.id(), count))).expectStatus().isBadRequest()
                    .expectBody().jsonPath("$.error").isEqualTo("invalid_authorization_details");
        }
        push(Map.of("authorization_details", details(credential.id(), "1"))).expectStatus().isCreated();
    }

    @Test
    void aNulInAnAuthorizationDetailGoesBackToTheClientNotAsJsonToTheBrowser() {
        PageVisitor browser = new PageVisitor(web, wallet.clientId(), CALLBACK);
        String nul = details(credential.id(), "1").replace("\"contract.pdf\"", "\"contract\\u0000.pdf\"");
        EntityExchangeResult<String> answer = browser.openDirect(Map.of("authorization_details", nul));

        assertThat(answer.getStatus()).isEqualTo(HttpStatus.FOUND);
        assertThat(browser.errorFrom(answer)).isEqualTo("invalid_authorization_details");
    }

    @Test
    void aHeadOfThePagesUrlTakesNothingSoTheHoldersGetStillOpensIt() {
        PageVisitor browser = new PageVisitor(web, wallet.clientId(), CALLBACK);
        String requestUri = browser.push(Map.of("scope", "service"));
        web.head().uri(uri -> uri.path("/oauth2/authorize").queryParam("client_id", "{c}").queryParam("request_uri", "{r}")
                        .build(wallet.clientId(), requestUri))
                .exchange().expectStatus().isOk().expectHeader().contentTypeCompatibleWith(MediaType.TEXT_HTML);

        assertThat(browser.open(requestUri).getStatus()).isEqualTo(HttpStatus.OK);
        assertThat(browser.hiddenFields()).containsKeys("session", "csrf_token");
    }

    /** An Accept header no parser reads is disregarded (RFC 9110 §12.5.1): the holder still reads why, on a page. */
    @Test
    void anUnreadableAcceptGetsThePageAnyway() {
        for (String accept : List.of("garbage", "*/*;q=2", ";")) {
            String page = web.get().uri("/oauth2/authorize").header("Accept", accept).exchange()
                    .expectStatus().isBadRequest().expectHeader().contentTypeCompatibleWith(MediaType.TEXT_HTML)
                    .expectBody(String.class).returnResult().getResponseBody();
            assertThat(page).as(accept).contains("<html");
        }
        web.post().uri("/csc/v2/info").header("Accept", "garbage").contentType(MediaType.APPLICATION_JSON).bodyValue("{}")
                .exchange().expectStatus().isOk().expectHeader().contentType(MediaType.APPLICATION_JSON);
    }

    @Test
    void aNulInThePagesQueryOrFormIsAnsweredWithAPageNotJson() {
        web.get().uri(java.net.URI.create("http://127.0.0.1:" + port + "/oauth2/authorize?client_id=" + wallet.clientId()
                        + "&response_type=code&state=a%00b&redirect_uri=" + CALLBACK)).exchange()
                .expectStatus().isBadRequest().expectHeader().contentTypeCompatibleWith(MediaType.TEXT_HTML);
        web.post().uri("/oauth2/authorize/confirm").contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .bodyValue("session=s&csrf_token=t&action=login&email=a%00b%40x.pl&password=x").exchange()
                .expectStatus().isBadRequest().expectHeader().contentTypeCompatibleWith(MediaType.TEXT_HTML);
    }

    /**
     * Bytes that are not UTF-8 (%FF) would be decoded to U+FFFD, and a client's state would come back changed (RFC 6749
     * §4.1.2 asks for it exactly): refused instead, at the token endpoint as JSON, on the page's URL and form as a page.
     */
    @Test
    void parametersThatAreNotUtf8AreRefusedNotChanged() {
        web.post().uri("/oauth2/token").headers(h -> h.setBasicAuth(platform.clientId(), SigningFixtures.secretOf(platform.clientId())))
                .contentType(MediaType.APPLICATION_FORM_URLENCODED).bodyValue("grant_type=client_credentials&scope=%ff%fe")
                .exchange().expectStatus().isBadRequest().expectBody().jsonPath("$.error").isEqualTo("invalid_request")
                .jsonPath("$.error_description").value(text -> assertThat((String) text).contains("UTF-8"));
        web.post().uri("/oauth2/pushed_authorize").headers(h -> h.setBasicAuth(wallet.clientId(), secret()))
                .contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .bodyValue("response_type=code&scope=service&state=ab%ffcd&redirect_uri=" + CALLBACK
                        + "&code_challenge_method=S256&code_challenge=" + "A".repeat(43))
                .exchange().expectStatus().isBadRequest().expectBody().jsonPath("$.error").isEqualTo("invalid_request");
        web.get().uri(java.net.URI.create("http://127.0.0.1:" + port + "/oauth2/authorize?client_id=" + wallet.clientId()
                        + "&response_type=code&state=%ff%fe&redirect_uri=" + CALLBACK)).exchange()
                .expectStatus().isBadRequest().expectHeader().contentTypeCompatibleWith(MediaType.TEXT_HTML);
    }

    @Test
    void errorDescriptionsKeepToOauthsCharactersAndAreBounded() {
        web.post().uri("/oauth2/pushed_authorize").headers(h -> h.setBasicAuth(wallet.clientId(), secret()))
                .contentType(MediaType.APPLICATION_FORM_URLENCODED).bodyValue("response_type=code&request_uri=urn:x").exchange()
                .expectStatus().isBadRequest().expectBody().jsonPath("$.error_description")
                .value(text -> assertThat((String) text).matches("[\\x20\\x21\\x23-\\x5B\\x5D-\\x7E]*")
                        .contains("RFC 9126 section 2.1"));
        String scope = "\u00fcn\u00ef \"quoted\" \\back " + "x".repeat(200_000);
        web.post().uri("/oauth2/token").headers(h -> h.setBasicAuth(platform.clientId(), SigningFixtures.secretOf(platform.clientId())))
                .contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .bodyValue("grant_type=client_credentials&scope=" + java.net.URLEncoder.encode(scope, StandardCharsets.UTF_8))
                .exchange().expectStatus().isBadRequest().expectBody().jsonPath("$.error_description")
                .value(text -> assertThat((String) text).matches("[\\x20\\x21\\x23-\\x5B\\x5D-\\x7E]{1,300}"));
    }

    private static final String PASSWORD = "holder-password-1";

    /** An account whose CSC userID is the credential's holder. */
    private String signer() {
        String email = "holder-" + UUID.randomUUID() + "@example.com";
        accounts.ensureSigner(email, PASSWORD, credential.userId()).block();
        return email;
    }

    private WebTestClient.ResponseSpec push(Map<String, String> extra) {
        return web.post().uri("/oauth2/pushed_authorize").headers(h -> h.setBasicAuth(wallet.clientId(), secret()))
                .contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .bodyValue(new PageVisitor(web, wallet.clientId(), CALLBACK).request(extra)).exchange();
    }

    private String secret() {
        return SigningFixtures.secretOf(wallet.clientId());
    }

    private static String details(String credentialId, String numSignatures) {
        return "[{\"type\":\"credential\",\"credentialID\":" + JSON.writeValueAsString(credentialId)
                + ",\"hashAlgorithmOID\":\"" + CscClient.SHA256 + "\",\"numSignatures\":" + numSignatures
                + ",\"documentDigests\":[{\"hash\":\"" + CscClient.sha256("a") + "\",\"label\":\"contract.pdf\"}]}]";
    }
}
