package io.sigillum.gateway.oauth2;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.sigillum.gateway.account.AccountService;
import io.sigillum.gateway.auth.PlatformClient;
import io.sigillum.gateway.credential.Credential;
import io.sigillum.gateway.support.CscClient;
import io.sigillum.gateway.support.GatewayInstance;
import io.sigillum.gateway.support.SigningFixtures;
import io.sigillum.signer.algorithm.KeyAlgorithm;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import redis.embedded.RedisServer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A code exchange or a refresh that fails on the store after its code or token was taken gives it back: the client's
 * retry, which its 503 asks for, is not taken for a thief replaying it (which would revoke the holder's whole grant).
 * The gateway has a Redis of its own here, paused mid-request as a stalled Redis would be.
 */
class RetryAfterStalledStoreIntegrationTests {

    private static final String CALLBACK = "http://127.0.0.1:43210/callback";
    private static final String PASSWORD = "holder-password-1";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static RedisServer redis;
    private static int redisPort;
    private static GatewayInstance gateway;
    private static PlatformClient wallet;
    private static String email;

    @BeforeAll
    static void aGatewayWithItsOwnRedis(@TempDir Path dir) throws Exception {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            redisPort = socket.getLocalPort();
        }
        redis = RedisServer.newRedisServer().bind("127.0.0.1").port(redisPort).setting("save \"\"").build();
        redis.start();
        gateway = GatewayInstance.start(Map.of("spring.data.redis.url", "redis://127.0.0.1:" + redisPort,
                "sigillum.signing.software-keystore", dir.resolve("token/keys.p12").toString()));
        SigningFixtures fixtures = new SigningFixtures(gateway.context());
        wallet = fixtures.wallet(List.of(WalletIntegrationTest.REGISTERED));
        Credential credential = fixtures.credential(fixtures.platform(), KeyAlgorithm.EC_P256);
        fixtures.link(credential, wallet);
        email = "holder-" + UUID.randomUUID() + "@example.com";
        gateway.context().getBean(AccountService.class).ensureSigner(email, PASSWORD, credential.userId()).block();
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            if (gateway != null) {
                gateway.close();
            }
        } finally {
            redis.stop();
        }
    }

    @Test
    void aRefreshRefusedForAStalledStoreCanBeRetriedAndEndsNothing() throws Exception {
        JsonNode first = signIn();
        String refreshToken = first.get("refresh_token").asString();

        pauseRedis(Duration.ofSeconds(3));
        refresh(refreshToken).expectStatus().isEqualTo(503).expectBody().jsonPath("$.error").isEqualTo("temporarily_unavailable");

        JsonNode retried = retryUntilAnswered(() -> refresh(refreshToken));
        assertThat(retried.get("refresh_token").asString()).isNotEqualTo(refreshToken);
        CscClient.withToken(gateway.web(), first.get("access_token").asString()).call("credentials/list", Map.of())
                .expectStatus().isOk();
        CscClient.withToken(gateway.web(), retried.get("access_token").asString()).call("credentials/list", Map.of())
                .expectStatus().isOk();

        // given back once, not twice: the token it replaced is spent, and presenting it again is a replay
        refresh(refreshToken).expectStatus().isBadRequest().expectBody().jsonPath("$.error").isEqualTo("invalid_grant");
        CscClient.withToken(gateway.web(), retried.get("access_token").asString()).call("credentials/list", Map.of())
                .expectStatus().isUnauthorized();
    }

    /** A bearer check that a stalled Redis cannot finish is a 503, and the log holds no stack trace per request. */
    @Test
    @ExtendWith(OutputCaptureExtension.class)
    void aBearerCheckOnAStalledStoreIsRefusedWithoutAStackTrace(CapturedOutput output) throws Exception {
        String accessToken = signIn().get("access_token").asString();
        long pausedUntil = System.nanoTime() + Duration.ofSeconds(7).toNanos();
        pauseRedis(Duration.ofSeconds(7));
        for (int i = 0; i < 2; i++) {
            CscClient.withToken(gateway.web(), accessToken).call("credentials/list", Map.of())
                    .expectStatus().isEqualTo(503);
        }
        assertThat(output.getOut() + output.getErr()).doesNotContain("asynchronous load");
        // the refusal was not remembered: once the store answers, the same token passes
        Thread.sleep(Math.max(0, (pausedUntil - System.nanoTime()) / 1_000_000) + 500);
        CscClient.withToken(gateway.web(), accessToken).call("credentials/list", Map.of()).expectStatus().isOk();
    }

    @Test
    void aCodeExchangeRefusedForAStalledStoreCanBeRetriedOnce() throws Exception {
        PageVisitor browser = page();
        String code = browser.codeFrom(browser.post(Map.of("action", "login", "email", email, "password", PASSWORD)));

        pauseRedis(Duration.ofSeconds(3));
        browser.token(code, Map.of()).expectStatus().isEqualTo(503);

        JsonNode tokens = retryUntilAnswered(() -> browser.token(code, Map.of()));
        CscClient.withToken(gateway.web(), tokens.get("access_token").asString()).call("credentials/list", Map.of())
                .expectStatus().isOk();
        // presented again after its exchange, the code withdraws what it granted, as ever
        browser.token(code, Map.of()).expectStatus().isBadRequest().expectBody().jsonPath("$.error").isEqualTo("invalid_grant");
        CscClient.withToken(gateway.web(), tokens.get("access_token").asString()).call("credentials/list", Map.of())
                .expectStatus().isUnauthorized();
    }

    @Test
    void revokingASpentRefreshTokenEndsItsGrantToo() {
        JsonNode first = signIn();
        JsonNode second = JSON.readTree(refresh(first.get("refresh_token").asString()).expectStatus().isOk()
                .expectBody().returnResult().getResponseBody());

        // its use may still be running, or be given back: the client that revokes it means to end the grant
        gateway.web().post().uri("/oauth2/revoke")
                .headers(h -> h.setBasicAuth(wallet.clientId(), SigningFixtures.secretOf(wallet.clientId())))
                .contentType(MediaType.APPLICATION_FORM_URLENCODED).bodyValue("token=" + first.get("refresh_token").asString())
                .exchange().expectStatus().isOk();

        refresh(second.get("refresh_token").asString()).expectStatus().isBadRequest().expectBody().jsonPath("$.error")
                .isEqualTo("invalid_grant");
        CscClient.withToken(gateway.web(), second.get("access_token").asString()).call("credentials/list", Map.of())
                .expectStatus().isUnauthorized();
    }

    /** The holder signs in on the QTSP's page with scope=service: the platform's first tokens. */
    private static JsonNode signIn() {
        PageVisitor browser = page();
        return browser.tokenOk(browser.codeFrom(browser.post(Map.of("action", "login", "email", email, "password", PASSWORD))));
    }

    /** The QTSP's page, opened for the platform's pushed request with scope=service. */
    private static PageVisitor page() {
        PageVisitor browser = new PageVisitor(gateway.web(), wallet.clientId(), CALLBACK);
        browser.open(browser.push(Map.of("scope", "service")));
        return browser;
    }

    /** A client's retry after a 503: again, a little later, until the store answers. */
    private static JsonNode retryUntilAnswered(Supplier<WebTestClient.ResponseSpec> request) throws InterruptedException {
        for (int attempt = 0; attempt < 20; attempt++) {
            Thread.sleep(500);
            WebTestClient.ResponseSpec answer = request.get();
            byte[] body = answer.expectBody().returnResult().getResponseBody();
            JsonNode json = JSON.readTree(body);
            if (!json.path("error").asString("").equals("temporarily_unavailable")) {
                assertThat(json.has("access_token")).as("the retry's answer: %s", json).isTrue();
                return json;
            }
        }
        throw new AssertionError("the store did not come back");
    }

    private static WebTestClient.ResponseSpec refresh(String token) {
        return gateway.web().post().uri("/oauth2/token")
                .headers(h -> h.setBasicAuth(wallet.clientId(), SigningFixtures.secretOf(wallet.clientId())))
                .contentType(MediaType.APPLICATION_FORM_URLENCODED).bodyValue("grant_type=refresh_token&refresh_token=" + token)
                .exchange();
    }

    /** Every client of the gateway's Redis waits, as for a stalled server; what they sent runs when it ends. */
    private static void pauseRedis(Duration pause) {
        RedisClient client = RedisClient.create("redis://127.0.0.1:" + redisPort);
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            connection.sync().clientPause(pause.toMillis());
        } finally {
            client.shutdown();
        }
    }
}
