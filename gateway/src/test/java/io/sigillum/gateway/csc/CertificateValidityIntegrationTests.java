package io.sigillum.gateway.csc;

import static org.assertj.core.api.Assertions.assertThat;

import io.sigillum.gateway.credential.Credential;
import io.sigillum.gateway.support.CscClient;
import io.sigillum.gateway.support.PlatformIntegrationTest;
import io.sigillum.gateway.support.SigningFixtures;
import io.sigillum.signer.algorithm.KeyAlgorithm;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * A certificate that starts later (an applicant may choose the day it starts) signs nothing before that day: a signature
 * made before notBefore never validates (RFC 5280 §4.1.2.5). Its credential says so, and is not listed as valid.
 */
class CertificateValidityIntegrationTests extends PlatformIntegrationTest {

    private static final String NOT_YET = "Signing certificate is not yet valid";

    @Test
    void aCertificateThatStartsLaterSignsNothingYetAndIsNotListedAsValid() {
        Credential later = fixtures.credentialValidFrom(platform, Instant.now().plus(Duration.ofDays(10)));
        Credential started = fixtures.credential(platform, KeyAlgorithm.EC_P256, later.userId(), 10);
        String hash = CscClient.sha256("too early");

        refusedAsNotYetValid("credentials/getChallenge", Map.of("credentialID", later.id()));
        refusedAsNotYetValid("credentials/authorize", CscClient.authorizeBody(later.id(), List.of(hash), 1, SigningFixtures.PIN,
                "123456"));
        refusedAsNotYetValid("signatures/signHash", CscClient.signHashBody(later.id(), "any SAD", List.of(hash)));

        JsonNode info = client.ok("credentials/info", Map.of("credentialID", later.id(), "certInfo", true));
        assertThat(info.get("key").get("status").asString()).isEqualTo("disabled");
        assertThat(info.get("cert").has("status")).as("none of CSC's statuses fits").isFalse();
        assertThat(info.get("cert").get("validFrom").asString()).isNotBlank();
        JsonNode current = client.ok("credentials/info", Map.of("credentialID", started.id(), "certInfo", true));
        assertThat(current.get("key").get("status").asString()).isEqualTo("enabled");
        assertThat(current.get("cert").get("status").asString()).isEqualTo("valid");

        assertThat(client.ok("credentials/list", Map.of("userID", later.userId(), "onlyValid", true)).get("credentialIDs")
                .toString()).contains(started.id()).doesNotContain(later.id());
        assertThat(client.ok("credentials/list", Map.of("userID", later.userId())).get("credentialIDs").toString())
                .contains(started.id()).contains(later.id());
    }

    private void refusedAsNotYetValid(String method, Object body) {
        client.call(method, body).expectStatus().isBadRequest().expectBody()
                .jsonPath("$.error").isEqualTo("invalid_request")
                .jsonPath("$.error_description").value(description -> assertThat((String) description).startsWith(NOT_YET));
    }
}
