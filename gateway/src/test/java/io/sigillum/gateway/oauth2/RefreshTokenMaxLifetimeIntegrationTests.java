package io.sigillum.gateway.oauth2;

import static org.assertj.core.api.Assertions.assertThat;

import io.sigillum.gateway.support.CscClient;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The tokens of a sign-in, and every refresh of them, end {@code refresh-token-max-lifetime} after the sign-in, however
 * often the platform refreshes: then the user signs in again.
 */
@TestPropertySource(properties = "sigillum.oauth2.refresh-token-max-lifetime=8s")
class RefreshTokenMaxLifetimeIntegrationTests extends WalletIntegrationTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void tokensIssuedNearTheEndOfASignInEndWithIt() throws Exception {
        PageVisitor browser = serviceLogin();
        String code = signIn(browser);
        long signedInBy = System.nanoTime(); // the sign-in was checked before this
        JsonNode first = browser.tokenOk(code);
        assertThat(first.get("expires_in").asLong()).as("no longer than the sign-in has left, not the usual hour").isBetween(1L, 8L);

        sleepUntil(signedInBy, Duration.ofMillis(4_000));
        JsonNode renewed = refreshed(first);

        assertThat(renewed.get("expires_in").asLong()).isBetween(1L, 4L);
        assertThat(renewed.has("refresh_token")).as("within the maximum a refresh rotates as usual").isTrue();
        CscClient.withToken(web, renewed.get("access_token").asString()).call("credentials/list", Map.of()).expectStatus().isOk();
    }

    @Test
    void aRefreshAfterTheSignInEndedIsRefusedThoughTheRefreshTokenWouldLiveLonger() throws Exception {
        PageVisitor browser = serviceLogin();
        String code = signIn(browser);
        long signedInBy = System.nanoTime();
        JsonNode first = browser.tokenOk(code);

        sleepUntil(signedInBy, Duration.ofMillis(8_300));

        refresh(first.get("refresh_token").asString()).expectStatus().isBadRequest().expectBody()
                .jsonPath("$.error").isEqualTo("invalid_grant");
    }

    private JsonNode refreshed(JsonNode tokens) {
        return JSON.readTree(refresh(tokens.get("refresh_token").asString()).expectStatus().isOk().expectBody(String.class)
                .returnResult().getResponseBody());
    }

    private static void sleepUntil(long from, Duration after) throws InterruptedException {
        long left = from + after.toNanos() - System.nanoTime();
        if (left > 0) {
            Thread.sleep(Duration.ofNanos(left));
        }
    }
}
