package io.sigillum.gateway.oauth2;

import static org.assertj.core.api.Assertions.assertThat;

import io.sigillum.gateway.support.CscClient;
import io.sigillum.gateway.support.SigningFixtures;
import io.sigillum.gateway.sad.IssuedSad;
import io.sigillum.gateway.sad.SadExtension;
import io.sigillum.gateway.sad.SadGrant;
import io.sigillum.gateway.sad.SadStore;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/**
 * A holder's grant that ends before the platform exchanges its code (a code outliving the grant it stands for), and one
 * that extendTransaction cannot keep alive past the authorization's lifetime.
 */
@TestPropertySource(properties = {"sigillum.sad.ttl=2s", "sigillum.sad.max-lifetime=3s"})
class ShortGrantIntegrationTests extends WalletIntegrationTest {

    /**
     * Each extension gives a fresh lifetime, but none past the end of the holder's authorization: extending every second
     * keeps the grant no longer than 3 s after the PIN and code were checked (5 s without that end).
     */
    @Test
    void extensionsNeverOutliveTheHoldersAuthorization() throws Exception {
        SadStore sads = context.getBean(SadStore.class);
        SadGrant grant = new SadGrant(platform.id(), credential.id(), CscClient.SHA256, 1, List.of(CscClient.sha256("one")));
        IssuedSad current = sads.create(grant).block();
        long authorized = System.nanoTime();
        for (int extension = 0; extension < 3; extension++) {
            Thread.sleep(Duration.ofMillis(900));
            SadExtension extended = sads.extend(current.value(), platform.id(), credential.id(), Optional.empty()).block();
            if (Duration.ofNanos(System.nanoTime() - authorized).compareTo(Duration.ofMillis(2_900)) < 0) {
                assertThat(extended).as("extension %d", extension).isInstanceOf(SadExtension.Extended.class);
                current = ((SadExtension.Extended) extended).sad();
                assertThat(current.expiresIn()).isLessThanOrEqualTo(Duration.ofSeconds(2));
            }
        }
        Thread.sleep(Duration.ofMillis(3_300).minus(Duration.ofNanos(System.nanoTime() - authorized)));
        assertThat(sads.extend(current.value(), platform.id(), credential.id(), Optional.empty()).block())
                .isInstanceOf(SadExtension.Refused.class);
    }

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
