package io.sigillum.gateway.admission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sigillum.gateway.credential.Credential;
import io.sigillum.gateway.support.CscClient;
import io.sigillum.gateway.support.PlatformIntegrationTest;
import io.sigillum.gateway.support.SigningFixtures;
import io.sigillum.signer.algorithm.KeyAlgorithm;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Signing requests are timed by admission control, not by Spring's per-request HTTP observation; others by both. */
class RequestTimingIntegrationTests extends PlatformIntegrationTest {

    @Test
    void signingIsTimedPerClassAndLeftOutOfTheHttpObservation() {
        Credential credential = fixtures.credential(platform, KeyAlgorithm.EC_P256);
        String hash = CscClient.sha256("timed");
        String sad = client.authorize(credential.id(), List.of(hash), 1, SigningFixtures.PIN,
                client.challenge(credential.id(), credential.phone()));
        client.ok("signatures/signHash", CscClient.signHashBody(credential.id(), sad, List.of(hash)));
        client.ok("credentials/list", Map.of("userID", credential.userId()));

        // a request's timer is recorded as its exchange completes, after the answer went out: the scrape may come first
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(web.get().uri("/actuator/prometheus")
                        .headers(h -> h.setBearerAuth(SCRAPE_TOKEN)).exchange()
                        .expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody())
                .containsPattern("sigillum_requests_seconds_count\\{[^}]*class=\"signing\"[^}]*outcome=\"SUCCESS\"[^}]*} [1-9]")
                .doesNotContain("uri=\"/csc/v2/signatures/signHash\"")
                .contains("uri=\"/csc/v2/credentials/list\""));
    }
}
