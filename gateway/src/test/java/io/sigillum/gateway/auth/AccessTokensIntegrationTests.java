package io.sigillum.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.sigillum.gateway.support.CscClient;
import io.sigillum.gateway.support.IntegrationTest;
import io.sigillum.gateway.support.SigningFixtures;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ApplicationContext;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.BodyInserters;

/** The token endpoint and the bearer check, attacked with wrong secrets, forged, foreign and expired tokens. */
class AccessTokensIntegrationTests extends IntegrationTest {

    @Autowired
    ApplicationContext context;
    @Autowired
    AccessTokenKeys keys;

    @Test
    void clientCredentialsByBasicOrFormGetABearerToken() {
        PlatformClient platform = new SigningFixtures(context).platform();
        web.post().uri("/oauth2/token").headers(h -> h.setBasicAuth(platform.clientId(), SigningFixtures.secretOf(platform.clientId())))
                .contentType(MediaType.APPLICATION_FORM_URLENCODED).bodyValue("grant_type=client_credentials")
                .exchange().expectStatus().isOk().expectHeader().cacheControl(org.springframework.http.CacheControl.noStore())
                .expectBody().jsonPath("$.token_type").isEqualTo("Bearer").jsonPath("$.expires_in").isEqualTo(3600)
                .jsonPath("$.scope").isEqualTo("service");
        web.post().uri("/oauth2/token").contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .bodyValue("grant_type=client_credentials&client_id=" + platform.clientId() + "&client_secret="
                        + SigningFixtures.secretOf(platform.clientId()))
                .exchange().expectStatus().isOk().expectBody().jsonPath("$.access_token").isNotEmpty();
    }

    /** RFC 6749 §2.3: one authentication method per request; an assertion this server does not take is none at all. */
    @Test
    void aClientAssertionIsNeitherASecondMethodNorAnAcceptedOne() {
        PlatformClient platform = new SigningFixtures(context).platform();
        String secret = SigningFixtures.secretOf(platform.clientId());
        String assertion = "&client_assertion_type=urn:ietf:params:oauth:client-assertion-type:jwt-bearer&client_assertion=a.b.c";
        web.post().uri("/oauth2/token").headers(h -> h.setBasicAuth(platform.clientId(), secret))
                .contentType(MediaType.APPLICATION_FORM_URLENCODED).bodyValue("grant_type=client_credentials" + assertion)
                .exchange().expectStatus().isBadRequest().expectBody().jsonPath("$.error").isEqualTo("invalid_request");
        web.post().uri("/oauth2/token").contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .bodyValue("grant_type=client_credentials&client_id=" + platform.clientId() + "&client_secret=" + secret + assertion)
                .exchange().expectStatus().isBadRequest().expectBody().jsonPath("$.error").isEqualTo("invalid_request");
        web.post().uri("/oauth2/token").contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .bodyValue("grant_type=client_credentials&client_id=" + platform.clientId() + assertion)
                .exchange().expectStatus().isUnauthorized().expectBody().jsonPath("$.error").isEqualTo("invalid_client");
    }

    /** RFC 9396 §6: details a grant cannot carry are refused, not dropped for a plain service token. */
    @Test
    void authorizationDetailsOnAClientCredentialsGrantAreRefused() {
        PlatformClient platform = new SigningFixtures(context).platform();
        for (String details : List.of("garbage", "[{\"type\":\"credential\",\"credentialID\":\"c\"}]")) {
            web.post().uri("/oauth2/token").headers(h -> h.setBasicAuth(platform.clientId(), SigningFixtures.secretOf(platform.clientId())))
                    .contentType(MediaType.APPLICATION_FORM_URLENCODED)
                    .body(BodyInserters.fromFormData("grant_type", "client_credentials").with("authorization_details", details))
                    .exchange().expectStatus().isBadRequest().expectBody().jsonPath("$.error").isEqualTo("invalid_authorization_details");
        }
    }

    @Test
    void wrongSecretsUnknownClientsAndOtherGrantsAreRefused() {
        PlatformClient platform = new SigningFixtures(context).platform();
        web.post().uri("/oauth2/token").headers(h -> h.setBasicAuth(platform.clientId(), "wrong"))
                .contentType(MediaType.APPLICATION_FORM_URLENCODED).bodyValue("grant_type=client_credentials")
                .exchange().expectStatus().isUnauthorized()
                .expectHeader().valueEquals(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"sigillum\"")
                .expectBody().jsonPath("$.error").isEqualTo("invalid_client");
        web.post().uri("/oauth2/token").headers(h -> h.setBasicAuth("nobody", "x"))
                .contentType(MediaType.APPLICATION_FORM_URLENCODED).bodyValue("grant_type=client_credentials")
                .exchange().expectStatus().isUnauthorized().expectBody().jsonPath("$.error").isEqualTo("invalid_client");
        web.post().uri("/oauth2/token").headers(h -> h.setBasicAuth(platform.clientId(), SigningFixtures.secretOf(platform.clientId())))
                .contentType(MediaType.APPLICATION_FORM_URLENCODED).bodyValue("grant_type=password")
                .exchange().expectStatus().isBadRequest().expectBody().jsonPath("$.error").isEqualTo("unsupported_grant_type");
        // the client first: without its secret, nothing is said about the rest of the request
        web.post().uri("/oauth2/token").headers(h -> h.setBasicAuth(platform.clientId(), "wrong"))
                .contentType(MediaType.APPLICATION_FORM_URLENCODED).bodyValue("grant_type=password")
                .exchange().expectStatus().isUnauthorized().expectBody().jsonPath("$.error").isEqualTo("invalid_client");
        web.post().uri("/oauth2/token").contentType(MediaType.APPLICATION_FORM_URLENCODED).bodyValue("scope=service")
                .exchange().expectStatus().isUnauthorized().expectBody().jsonPath("$.error").isEqualTo("invalid_client");
    }

    @Test
    void guessingAClientsSecretFromOneAddressIsCutOffThereAndOnlyForThatClient() {
        SigningFixtures fixtures = new SigningFixtures(context);
        PlatformClient platform = fixtures.platform();
        int allowed = context.getBean(OAuth2Properties.class).clientFailuresAllowed();
        // the right secret in between gives its own try back: it uses up none of the allowance
        clientCredentials(platform.clientId(), SigningFixtures.secretOf(platform.clientId())).expectStatus().isOk();
        for (int guess = 0; guess < allowed - 1; guess++) {
            clientCredentials(platform.clientId(), "guess-" + guess).expectStatus().isUnauthorized();
        }
        clientCredentials(platform.clientId(), SigningFixtures.secretOf(platform.clientId())).expectStatus().isOk();
        // guesses sent together are counted one by one: one more is checked, the others are refused unchecked
        List<Integer> statuses;
        try (ExecutorService together = Executors.newVirtualThreadPerTaskExecutor()) {
            statuses = IntStream.range(0, 12).mapToObj(guess -> CompletableFuture.supplyAsync(() -> clientCredentials(
                            platform.clientId(), "together-" + guess).expectBody().returnResult().getStatus().value(), together))
                    .toList().stream().map(CompletableFuture::join).toList();
        }
        assertThat(statuses).containsOnly(401, 429).filteredOn(status -> status == 401).hasSize(1);
        // from now on this address gets no answer about this client's secret, the right one included
        clientCredentials(platform.clientId(), SigningFixtures.secretOf(platform.clientId()))
                .expectStatus().isEqualTo(HttpStatus.TOO_MANY_REQUESTS)
                .expectHeader().value(HttpHeaders.RETRY_AFTER, seconds -> assertThat(Long.parseLong(seconds)).isPositive())
                .expectBody().jsonPath("$.error_description").value(text -> assertThat(text.toString()).contains("too often"));
        web.post().uri("/oauth2/revoke").headers(h -> h.setBasicAuth(platform.clientId(), SigningFixtures.secretOf(platform.clientId())))
                .contentType(MediaType.APPLICATION_FORM_URLENCODED).bodyValue("token=x").exchange()
                .expectStatus().isEqualTo(HttpStatus.TOO_MANY_REQUESTS);
        // another client is not held back by it
        PlatformClient another = fixtures.platform();
        clientCredentials(another.clientId(), SigningFixtures.secretOf(another.clientId())).expectStatus().isOk();
    }

    private WebTestClient.ResponseSpec clientCredentials(String clientId, String secret) {
        return web.post().uri("/oauth2/token").headers(h -> h.setBasicAuth(clientId, secret))
                .contentType(MediaType.APPLICATION_FORM_URLENCODED).bodyValue("grant_type=client_credentials").exchange();
    }

    @Test
    void theCscAuthRevokeMethodRevokesThePlatformsOwnTokensOnly() {
        SigningFixtures fixtures = new SigningFixtures(context);
        PlatformClient platform = fixtures.platform();
        String secret = SigningFixtures.secretOf(platform.clientId());
        CscClient first = CscClient.login(web, platform.clientId(), secret);
        CscClient second = CscClient.login(web, platform.clientId(), secret);
        PlatformClient another = fixtures.platform();
        CscClient foreign = CscClient.login(web, another.clientId(), SigningFixtures.secretOf(another.clientId()));

        first.call("auth/revoke", Map.of("token", second.token(), "token_type_hint", "access_token"))
                .expectStatus().isNoContent().expectBody().isEmpty();
        second.call("credentials/list", Map.of("userID", "u")).expectStatus().isUnauthorized();
        // a token with white space around it (read from a file with its newline) is that token, as where it is presented
        CscClient padded = CscClient.login(web, platform.clientId(), secret);
        first.call("auth/revoke", Map.of("token", padded.token() + "\n")).expectStatus().isNoContent();
        padded.call("credentials/list", Map.of("userID", "u")).expectStatus().isUnauthorized();
        CscClient formPadded = CscClient.login(web, platform.clientId(), secret);
        web.post().uri("/oauth2/revoke").headers(h -> h.setBasicAuth(platform.clientId(), secret))
                .contentType(MediaType.APPLICATION_FORM_URLENCODED).body(org.springframework.web.reactive.function.BodyInserters
                        .fromFormData("token", " " + formPadded.token() + " ")).exchange().expectStatus().isOk();
        formPadded.call("credentials/list", Map.of("userID", "u")).expectStatus().isUnauthorized();
        first.call("credentials/list", Map.of("userID", "u")).expectStatus().isOk();
        // another platform's token is left alone, and the caller is told so (RFC 7009 §2.1)
        first.call("auth/revoke", Map.of("token", foreign.token())).expectStatus().isBadRequest()
                .expectBody().jsonPath("$.error").isEqualTo("unauthorized_client");
        foreign.call("credentials/list", Map.of("userID", "u")).expectStatus().isOk();
        // nothing to revoke is no error (§2.2); a request without a token, or with a hint of another kind, is one
        first.call("auth/revoke", Map.of("token", "no-such-token", "token_type_hint", "refresh_token")).expectStatus().isNoContent();
        first.call("auth/revoke", Map.of("token_type_hint", "access_token")).expectStatus().isBadRequest().expectBody()
                .jsonPath("$.error").isEqualTo("invalid_request")
                .jsonPath("$.error_description").isEqualTo("Missing (or invalid type) string parameter token");
        first.call("auth/revoke", Map.of("token", second.token(), "token_type_hint", "id_token")).expectStatus().isBadRequest()
                .expectBody().jsonPath("$.error_description").isEqualTo("Invalid parameter token_type_hint");
        // a platform signs out by revoking the very token it calls with
        first.call("auth/revoke", Map.of("token", first.token())).expectStatus().isNoContent();
        first.call("credentials/list", Map.of("userID", "u")).expectStatus().isUnauthorized();
    }

    @Test
    void refusedBearerTokensCarryTheirChallenge() {
        web.post().uri("/csc/v2/credentials/list").contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("userID", "u"))
                .exchange().expectStatus().isUnauthorized()
                .expectHeader().valueEquals(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"sigillum\"");
        web.post().uri("/csc/v2/credentials/list").headers(h -> h.setBearerAuth("not-a-token"))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("userID", "u"))
                .exchange().expectStatus().isUnauthorized()
                .expectHeader().valueEquals(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"sigillum\", error=\"invalid_token\"");
        // another scheme, or the Bearer scheme without a token, is no token at all: no error code (RFC 6750 §3.1)
        for (String authorization : List.of("Basic ZGVtbzpkZW1v", "Bearer", "Bearer   ")) {
            web.post().uri("/csc/v2/credentials/list").header(HttpHeaders.AUTHORIZATION, authorization)
                    .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("userID", "u"))
                    .exchange().expectStatus().isUnauthorized()
                    .expectHeader().valueEquals(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"sigillum\"")
                    .expectBody().returnResult();
        }
    }

    @Test
    void anExpiredTokenIsRefusedAsExpired() throws Exception {
        String expired = token(keys.signingKey(), Instant.now().minusSeconds(60));
        web.post().uri("/csc/v2/credentials/list").headers(h -> h.setBearerAuth(expired))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("userID", "u"))
                .exchange().expectStatus().isUnauthorized().expectBody().jsonPath("$.error").isEqualTo("expired_token");
    }

    @Test
    void aJwtOfAnotherTypeIsNoAccessTokenEvenSignedByOurKey() throws Exception {
        // RFC 9068 §4: the resource server checks typ at+jwt, so no other JWT can be passed off as an access token
        for (JOSEObjectType type : List.of(JOSEObjectType.JWT, new JOSEObjectType("id+jwt"))) {
            String other = token(keys.signingKey(), Instant.now().plusSeconds(600), type);
            web.post().uri("/csc/v2/credentials/list").headers(h -> h.setBearerAuth(other))
                    .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("userID", "u"))
                    .exchange().expectStatus().isUnauthorized().expectBody().jsonPath("$.error").isEqualTo("invalid_token");
        }
    }

    @Test
    void anAccessTokenCarriesTheClaimsOfTheJwtProfile() throws Exception {
        PlatformClient platform = new SigningFixtures(context).platform();
        String token = clientCredentialsToken(platform);
        String issuer = web.get().uri("/.well-known/oauth-authorization-server").exchange().expectStatus().isOk()
                .expectBody(Map.class).returnResult().getResponseBody().get("issuer").toString();
        SignedJWT jwt = SignedJWT.parse(token);
        JWTClaimsSet claims = jwt.getJWTClaimsSet();

        // RFC 9068 §2.1, §2.2: typ at+jwt; iss the metadata's issuer, aud, sub, client_id, iat, exp, jti
        assertThat(jwt.getHeader().getType()).isEqualTo(new JOSEObjectType("at+jwt"));
        assertThat(claims.getIssuer()).isEqualTo(issuer);
        assertThat(claims.getAudience()).containsExactly(issuer + "/csc/v2");
        assertThat(claims.getSubject()).isEqualTo(platform.clientId());
        assertThat(claims.getStringClaim("client_id")).isEqualTo(platform.clientId());
        assertThat(claims.getIssueTime()).isNotNull();
        assertThat(claims.getExpirationTime()).isAfter(claims.getIssueTime());
        assertThat(claims.getJWTID()).isNotBlank();
        assertThat(claims.getStringClaim("scope")).isEqualTo("service");
    }

    @Test
    void aTokenSignedByAForeignKeyIsRefused() throws Exception {
        ECKey foreign = new ECKeyGenerator(Curve.P_256).keyID(keys.signingKey().getKeyID()).generate();
        String forged = token(foreign, Instant.now().plusSeconds(600));
        web.post().uri("/csc/v2/credentials/list").headers(h -> h.setBearerAuth(forged))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("userID", "u"))
                .exchange().expectStatus().isUnauthorized().expectBody().jsonPath("$.error").isEqualTo("invalid_token");
    }

    @Test
    @ExtendWith(OutputCaptureExtension.class)
    void aRefusedTokenIsAnsweredWithoutAWordInTheLog(CapturedOutput output) throws Exception {
        ECKey foreign = new ECKeyGenerator(Curve.P_256).keyID(keys.signingKey().getKeyID()).generate();
        String forged = token(foreign, Instant.now().plusSeconds(600));
        for (int i = 0; i < 3; i++) {
            web.post().uri("/csc/v2/credentials/list").headers(h -> h.setBearerAuth(forged))
                    .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("userID", "u"))
                    .exchange().expectStatus().isUnauthorized().expectBody().jsonPath("$.error_description")
                    .isEqualTo("The access token signature does not verify");
        }
        assertThat(output.getOut() + output.getErr()).doesNotContain("The access token signature does not verify")
                .doesNotContain("asynchronous load");
    }

    @Test
    void aTokenIsAcceptedInItsOneSpellingOnly() {
        String token = clientCredentialsToken(new SigningFixtures(context).platform());
        // the signature's last character holds 2 bits of it and 4 unused ones: flip an unused one
        char last = token.charAt(token.length() - 1);
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        String respelled = token.substring(0, token.length() - 1) + alphabet.charAt(alphabet.indexOf(last) ^ 1);
        web.post().uri("/csc/v2/credentials/list").headers(h -> h.setBearerAuth(token))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("userID", "u"))
                .exchange().expectStatus().isOk();
        web.post().uri("/csc/v2/credentials/list").headers(h -> h.setBearerAuth(respelled))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("userID", "u"))
                .exchange().expectStatus().isUnauthorized().expectBody().jsonPath("$.error").isEqualTo("invalid_token");
    }

    @Test
    void jwksPublishesOnlyPublicKeys() {
        web.get().uri("/oauth2/jwks").exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.keys[0].kty").isEqualTo("EC")
                .jsonPath("$.keys[0].d").doesNotExist();
    }

    /** A service token of {@code platform}, by the client credentials grant. */
    private String clientCredentialsToken(PlatformClient platform) {
        return web.post().uri("/oauth2/token")
                .headers(h -> h.setBasicAuth(platform.clientId(), SigningFixtures.secretOf(platform.clientId())))
                .contentType(MediaType.APPLICATION_FORM_URLENCODED).bodyValue("grant_type=client_credentials")
                .exchange().expectStatus().isOk().expectBody(Map.class).returnResult().getResponseBody()
                .get("access_token").toString();
    }

    private static String token(ECKey key, Instant expiresAt) throws Exception {
        return token(key, expiresAt, new JOSEObjectType("at+jwt"));
    }

    private static String token(ECKey key, Instant expiresAt, JOSEObjectType type) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(key.getKeyID()).type(type).build(),
                new JWTClaimsSet.Builder().issuer("sigillum").subject("someone").claim("pid", UUID.randomUUID().toString())
                        .claim("scope", "service").expirationTime(Date.from(expiresAt)).build());
        jwt.sign(new ECDSASigner(key));
        return jwt.serialize();
    }
}
