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
 * Refresh tokens renew a sign-in's service tokens for no longer than {@code refresh-token-max-lifetime} from the sign-in,
 * however often the platform refreshes: then the user signs in again.
 */
@TestPropertySource(properties = "sigillum.oauth2.refresh-token-max-lifetime=4s")
class RefreshTokenMaxLifetimeIntegrationTests extends WalletIntegrationTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void aRefreshWithLessThanASecondOfTheMaximumLeftGivesAnAccessTokenAndNoRefreshToken() throws Exception {
        PageVisitor browser = serviceLogin();
        String code = signIn(browser);
        long signedInBy = System.nanoTime(); // the sign-in was checked before this
        JsonNode first = browser.tokenOk(code);
        JsonNode renewed = refreshed(first);
        assertThat(renewed.has("refresh_token")).as("within the maximum a refresh rotates as usual").isTrue();

        sleepUntil(signedInBy, Duration.ofMillis(3_100));
        JsonNode last = refreshed(renewed);

        assertThat(last.has("refresh_token")).as("less than a second of the maximum left: no next refresh token").isFalse();
        CscClient.withToken(web, last.get("access_token").asString()).call("credentials/list", Map.of()).expectStatus().isOk();
    }

    @Test
    void aRefreshTokenEndsWithTheMaximumNotWithItsOwnLifetime() throws Exception {
        PageVisitor browser = serviceLogin();
        String code = signIn(browser);
        long signedInBy = System.nanoTime();
        JsonNode first = browser.tokenOk(code);

        sleepUntil(signedInBy, Duration.ofMillis(4_200));

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
