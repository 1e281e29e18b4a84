package io.sigillum.gateway.csc;

import static org.assertj.core.api.Assertions.assertThat;

import io.sigillum.gateway.auth.PlatformClient;
import io.sigillum.gateway.credential.Credential;
import io.sigillum.gateway.support.CscClient;
import io.sigillum.gateway.support.GatewayInstance;
import io.sigillum.gateway.support.IntegrationTest;
import io.sigillum.gateway.support.SigningFixtures;
import io.sigillum.signer.algorithm.KeyAlgorithm;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

/** Two gateways on one PostgreSQL and one Redis behave as one service. */
class TwoInstancesIntegrationTests extends IntegrationTest {

    @Autowired
    ApplicationContext context;

    @Test
    void aCodeSentByOneIsAcceptedByTheOtherAndASadIsSpentOnceAcrossBoth() throws Exception {
        SigningFixtures fixtures = new SigningFixtures(context);
        PlatformClient platform = fixtures.platform();
        Credential credential = fixtures.credential(platform, KeyAlgorithm.EC_P256);
        String hash = CscClient.sha256("shared");

        try (GatewayInstance second = GatewayInstance.start(Map.of())) {
            CscClient first = CscClient.login(web, platform.clientId(), SigningFixtures.secretOf(platform.clientId()));
            CscClient other = CscClient.login(second.web(), platform.clientId(), SigningFixtures.secretOf(platform.clientId()));

            String code = first.challenge(credential.id(), credential.phone());
            String sad = other.authorize(credential.id(), List.of(hash), 1, SigningFixtures.PIN, code);

            ExecutorService threads = Executors.newFixedThreadPool(8);
            List<Future<Integer>> calls = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                CscClient via = i % 2 == 0 ? first : other;
                calls.add(threads.submit(() -> via.call("signatures/signHash", CscClient.signHashBody(credential.id(), sad, List.of(hash)))
                        .expectBody().returnResult().getStatus().value()));
            }
            int signed = 0;
            for (Future<Integer> call : calls) {
                signed += call.get() == 200 ? 1 : 0;
            }
            threads.shutdown();
            assertThat(signed).isEqualTo(1);

            // and a token issued by one instance is accepted by the other
            CscClient crossed = CscClient.withToken(second.web(), first.token());
            assertThat(crossed.ok("credentials/list", Map.of("userID", credential.userId())).get("credentialIDs")).hasSize(1);
        }
    }
}
