package io.sigillum.gateway.admission;

import static org.assertj.core.api.Assertions.assertThat;

import io.sigillum.gateway.credential.Credential;
import io.sigillum.gateway.support.CscClient;
import io.sigillum.gateway.support.GatewayInstance;
import io.sigillum.gateway.support.PlatformIntegrationTest;
import io.sigillum.gateway.support.SigningFixtures;
import io.sigillum.signer.algorithm.KeyAlgorithm;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A signHash that could no longer sign and audit within its deadline is refused before its SAD is spent: here an
 * instance whose reserve exceeds the whole deadline refuses every call, and the same one-signature SAD still signs on
 * another instance afterwards.
 */
class LateRequestIntegrationTests extends PlatformIntegrationTest {

    @Test
    void aRequestTooLateToFinishSpendsNoSad() {
        Credential credential = fixtures.credential(platform, KeyAlgorithm.EC_P256);
        String hash = CscClient.sha256("late");
        String sad = client.authorize(credential.id(), List.of(hash), 1, SigningFixtures.PIN,
                client.challenge(credential.id(), credential.phone()));
        try (GatewayInstance late = GatewayInstance.start(Map.of("sigillum.admission.signing-deadline", "2s",
                "sigillum.admission.signing-reserve", "10s"))) {
            CscClient.withToken(late.web(), client.token())
                    .call("signatures/signHash", CscClient.signHashBody(credential.id(), sad, List.of(hash)))
                    .expectStatus().isEqualTo(503)
                    .expectHeader().valueEquals("Retry-After", "1")
                    .expectBody().jsonPath("$.error").isEqualTo("temporarily_unavailable").jsonPath("$.signatures").doesNotExist();
        }
        assertThat(client.ok("signatures/signHash", CscClient.signHashBody(credential.id(), sad, List.of(hash)))
                .get("signatures")).hasSize(1);
    }
}
