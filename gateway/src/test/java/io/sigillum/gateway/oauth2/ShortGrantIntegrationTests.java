package io.sigillum.gateway.oauth2;

import io.sigillum.gateway.support.CscClient;
import io.sigillum.gateway.support.SigningFixtures;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/** A holder's grant that ends before the platform exchanges its code (a code outliving the grant it stands for). */
@TestPropertySource(properties = "sigillum.sad.ttl=2s")
class ShortGrantIntegrationTests extends WalletIntegrationTest {

    @Test
    void aCodeExchangedInItsGrantsLastSecondGetsInvalidGrantRatherThanATokenDeadOnArrival() throws Exception {
        PageVisitor browser = new PageVisitor(web, wallet.clientId(), "http://127.0.0.1:43210/callback");
        browser.open(browser.push(Map.of("scope", "credential", "credentialID", credential.id(),
                "hashes", CscClient.sha256("short grant"), "hashAlgorithmOID", CscClient.SHA256, "numSignatures", "1")));
        browser.post(Map.of("action", "send"));
        String sms = CscClient.lastCodeFor(credential.phone()).orElseThrow();
        String code = browser.codeFrom(browser.post(Map.of("action", "approve", "pin", SigningFixtures.PIN, "code", sms)));
        // the grant ends at most 2 s after the approval was answered: less than a second of it is left now
        Thread.sleep(Duration.ofMillis(1_200));

        browser.token(code, Map.of()).expectStatus().isBadRequest().expectBody()
                .jsonPath("$.error").isEqualTo("invalid_grant")
                .jsonPath("$.error_description").isEqualTo("The authorization has expired");
    }
}
