package io.sigillum.gateway.csc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sigillum.gateway.account.AccountService;
import io.sigillum.gateway.auth.PlatformClient;
import io.sigillum.gateway.credential.Credential;
import io.sigillum.gateway.issuance.IssuanceFixtures;
import io.sigillum.gateway.otp.OtpChallenges;
import io.sigillum.gateway.support.CscClient;
import io.sigillum.gateway.support.PlatformIntegrationTest;
import io.sigillum.gateway.support.SigningFixtures;
import io.sigillum.gateway.web.ApiException;
import io.sigillum.signer.algorithm.KeyAlgorithm;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.http.HttpStatus;

/** The security rules, each attacked: SAD limits under concurrency, platform isolation, OTP attempts/TTL/cooldown, PIN lockout. */
class SecurityRulesIntegrationTests extends PlatformIntegrationTest {

    @Autowired
    OtpChallenges otp;

    @Autowired
    ReactiveStringRedisTemplate redis;



    @Test
    void concurrentCallsNeverSignMoreThanTheSadAllows() throws Exception {
        Credential credential = fixtures.credential(platform, KeyAlgorithm.EC_P256);
        List<String> hashes = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            hashes.add(CscClient.sha256("doc " + i));
        }
        String sad = client.authorize(credential.id(), hashes, 5, SigningFixtures.PIN,
                client.challenge(credential.id(), credential.phone()));

        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<Integer>> calls = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            String h = hashes.get(i % 5);
            // a 503 (the audit or a store slow on a loaded machine) spends nothing and says "ask again": a client does
            Callable<Integer> call = () -> CscClient.untilNotUnavailable(() -> client.call("signatures/signHash",
                    CscClient.signHashBody(credential.id(), sad, List.of(h))).expectBody().returnResult().getStatus().value());
            calls.add(pool.submit(call));
        }
        int ok = 0;
        int refused = 0;
        for (Future<Integer> f : calls) {
            int status = f.get();
            if (status == 200) {
                ok++;
            } else if (status == 400) {
                refused++;
            }
        }
        pool.shutdown();
        assertThat(ok).isEqualTo(5);
        assertThat(refused).isEqualTo(35);
    }

    @Test
    void aPlatformSeesOnlyItsOwnUsersCredentials() {
        PlatformClient other = fixtures.platform();
        Credential theirs = fixtures.credential(other, KeyAlgorithm.EC_P256);
        Credential ours = fixtures.credential(platform, KeyAlgorithm.EC_P256);

        assertThat(client.ok("credentials/list", Map.of("userID", theirs.userId())).get("credentialIDs")).isEmpty();
        assertThat(client.ok("credentials/list", Map.of("userID", ours.userId())).get("credentialIDs")).hasSize(1);
        CscClient otherClient = CscClient.login(web, other.clientId(), SigningFixtures.secretOf(other.clientId()));
        otherClient.call("credentials/authorize", CscClient.authorizeBody(ours.id(), List.of(CscClient.sha256("x")), 1,
                SigningFixtures.PIN, "123456")).expectStatus().isBadRequest()
                .expectBody().jsonPath("$.error_description").isEqualTo("Invalid parameter credentialID");

        String hash = CscClient.sha256("isolation");
        String sad = client.authorize(ours.id(), List.of(hash), 1, SigningFixtures.PIN, client.challenge(ours.id(), ours.phone()));
        otherClient.call("signatures/signHash", CscClient.signHashBody(ours.id(), sad, List.of(hash))).expectStatus().isBadRequest();
        client.ok("signatures/signHash", CscClient.signHashBody(ours.id(), sad, List.of(hash)));
    }

    /**
     * The SMS names the platform a code authorizes signing for: another platform of the same holder cannot use it, nor
     * the SAD it gave, which to that platform does not exist; neither attempt costs the right platform anything.
     */
    @Test
    void aCodeOrASadOfOnePlatformIsNothingToAnother() {
        Credential credential = fixtures.credential(platform, KeyAlgorithm.EC_P256);
        PlatformClient other = fixtures.platform();
        fixtures.link(credential, other);
        CscClient otherClient = CscClient.login(web, other.clientId(), SigningFixtures.secretOf(other.clientId()));
        String hash = CscClient.sha256("bound to its platform");
        String otp = client.challenge(credential.id(), credential.phone());

        otherClient.call("credentials/authorize", CscClient.authorizeBody(credential.id(), List.of(hash), 1, SigningFixtures.PIN, otp))
                .expectStatus().isBadRequest().expectBody().jsonPath("$.error").isEqualTo("invalid_otp");
        String sad = client.authorize(credential.id(), List.of(hash), 1, SigningFixtures.PIN, otp);
        otherClient.call("signatures/signHash", CscClient.signHashBody(credential.id(), sad, List.of(hash)))
                .expectStatus().isBadRequest().expectBody().jsonPath("$.error_description").isEqualTo("SAD unknown or expired");
        otherClient.call("credentials/extendTransaction", Map.of("credentialID", credential.id(), "SAD", sad))
                .expectStatus().isBadRequest().expectBody().jsonPath("$.error_description").isEqualTo("SAD unknown or expired");
        client.ok("signatures/signHash", CscClient.signHashBody(credential.id(), sad, List.of(hash)));
    }

    @Test
    void threeWrongCodesBurnTheChallenge() {
        Credential credential = fixtures.credential(platform, KeyAlgorithm.EC_P256);
        String hash = CscClient.sha256("burn");
        String otp = client.challenge(credential.id(), credential.phone());
        String wrong = otp.equals("999999") ? "999998" : "999999";
        for (int i = 0; i < 2; i++) {
            client.call("credentials/authorize", CscClient.authorizeBody(credential.id(), List.of(hash), 1, SigningFixtures.PIN, wrong))
                    .expectStatus().isBadRequest().expectBody().jsonPath("$.error").isEqualTo("invalid_otp");
        }
        client.call("credentials/authorize", CscClient.authorizeBody(credential.id(), List.of(hash), 1, SigningFixtures.PIN, wrong))
                .expectStatus().isBadRequest().expectBody().jsonPath("$.error_description")
                .value(d -> assertThat((String) d).contains("too many attempts"));

        client.call("credentials/authorize", CscClient.authorizeBody(credential.id(), List.of(hash), 1, SigningFixtures.PIN, otp))
                .expectStatus().isBadRequest().expectBody().jsonPath("$.error").isEqualTo("invalid_otp");
    }

    /** A code not of six digits cannot be right: it is refused without costing one of the three tries. */
    @Test
    void malformedCodesCostNoTry() {
        Credential credential = fixtures.credential(platform, KeyAlgorithm.EC_P256);
        String hash = CscClient.sha256("typo");
        String otp = client.challenge(credential.id(), credential.phone());
        for (String malformed : List.of("12345", "1234567", "abcdef", otp + " ")) {
            client.call("credentials/authorize", CscClient.authorizeBody(credential.id(), List.of(hash), 1, SigningFixtures.PIN,
                    malformed)).expectStatus().isBadRequest().expectBody().jsonPath("$.error").isEqualTo("invalid_otp");
        }
        assertThat(client.authorize(credential.id(), List.of(hash), 1, SigningFixtures.PIN, otp)).isNotBlank();
    }

    @Test
    void aCodeLivesFiveMinutesAndIsUselessAfterExpiry() {
        Credential credential = fixtures.credential(platform, KeyAlgorithm.EC_P256);
        String otp = client.challenge(credential.id(), credential.phone());
        String key = "otp:{" + CredentialAuthorization.subject(credential) + "}";

        Duration ttl = redis.getExpire(key).block();
        assertThat(ttl).isBetween(Duration.ofSeconds(290), Duration.ofSeconds(300));
        redis.expire(key, Duration.ofMillis(1)).block();
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> !redis.hasKey(key).block());

        client.call("credentials/authorize", CscClient.authorizeBody(credential.id(), List.of(CscClient.sha256("late")), 1,
                SigningFixtures.PIN, otp)).expectStatus().isBadRequest().expectBody().jsonPath("$.error").isEqualTo("invalid_otp");
    }

    @Test
    void aNewCodeWaitsOutTheCooldown() {
        Credential credential = fixtures.credential(platform, KeyAlgorithm.EC_P256);
        client.challenge(credential.id(), credential.phone());

        client.call("credentials/getChallenge", Map.of("credentialID", credential.id()))
                .expectStatus().isEqualTo(HttpStatus.TOO_MANY_REQUESTS)
                .expectHeader().exists("Retry-After")
                .expectBody().jsonPath("$.error").isEqualTo("temporarily_unavailable");
    }

    @Test
    void thePerPhoneLimitHoldsAcrossCredentials() {
        String phoneKey = "otp:rate:phone:credential:{+48500000000}";
        redis.delete(phoneKey).block();
        String userId = "user-" + UUID.randomUUID();
        int sent = 0;
        int limited = 0;
        for (int i = 0; i < 12; i++) {
            Credential c = fixtures.credential(platform, KeyAlgorithm.EC_P256, userId, 10);
            credentialsSetPhone(c.id(), "+48500000000");
            var status = client.call("credentials/getChallenge", Map.of("credentialID", c.id())).expectBody().returnResult().getStatus();
            if (status.value() == 204) {
                sent++;
            } else if (status.value() == 429) {
                limited++;
            }
        }
        assertThat(sent).isEqualTo(10);
        assertThat(limited).isEqualTo(2);
        redis.delete(phoneKey).block();
    }

    /** An applicant types any phone into an application: its statement codes must not block that phone's holder. */
    @Test
    void codesSentToAPhoneForAnotherPurposeLeaveItsHoldersLimitAlone() {
        String phone = "+4851" + String.format("%07d", ThreadLocalRandom.current().nextInt(10_000_000));
        for (int i = 0; i < 10; i++) {
            otp.send("application-statement:" + UUID.randomUUID(), "applicant", phone, code -> "statement " + code).block();
        }
        assertThatThrownBy(() -> otp.send("application-statement:" + UUID.randomUUID(), "applicant", phone, code -> code).block())
                .isInstanceOfSatisfying(ApiException.class, refused -> assertThat(refused.status().value()).isEqualTo(429));

        Credential credential = fixtures.credential(platform, KeyAlgorithm.EC_P256);
        credentialsSetPhone(credential.id(), phone);
        client.call("credentials/getChallenge", Map.of("credentialID", credential.id())).expectStatus().isNoContent();
    }

    @Test
    void fiveWrongPinsLockTheCredentialUntilAnOperatorUnlocksIt() {
        Credential credential = fixtures.credential(platform, KeyAlgorithm.EC_P256);
        String hash = CscClient.sha256("lock");
        // a SAD from before the lock, and the credential in the signing path's cache
        String earlier = client.authorize(credential.id(), List.of(hash), 1, SigningFixtures.PIN, freshCode(credential));
        client.call("signatures/signHash", CscClient.signHashBody(credential.id(), "no-such-sad", List.of(hash)))
                .expectStatus().isBadRequest();
        for (int i = 1; i <= 5; i++) {
            String otp = freshCode(credential);
            client.call("credentials/authorize", CscClient.authorizeBody(credential.id(), List.of(hash), 1, "11111111", otp))
                    .expectStatus().isBadRequest();
        }
        client.call("credentials/authorize", CscClient.authorizeBody(credential.id(), List.of(hash), 1, SigningFixtures.PIN, "123456"))
                .expectStatus().isBadRequest().expectBody().jsonPath("$.error_description").isEqualTo("Credential locked");
        client.call("credentials/getChallenge", Map.of("credentialID", credential.id()))
                .expectStatus().isBadRequest().expectBody().jsonPath("$.error_description").isEqualTo("Credential locked");
        // the lock holds at once for what was authorized before it, on every instance (it is broadcast, as an unlock is)
        client.call("signatures/signHash", CscClient.signHashBody(credential.id(), earlier, List.of(hash)))
                .expectStatus().isBadRequest().expectBody().jsonPath("$.error_description").isEqualTo("Credential locked");
        // a locked credential cannot make a valid signature: onlyValid leaves it out, the full list keeps it
        assertThat(listed(credential, true)).isEmpty();
        assertThat(listed(credential, false)).containsExactly(credential.id());

        IssuanceFixtures accounts = new IssuanceFixtures(web, context.getBean(AccountService.class));
        String applicant = accounts.newApplicant();
        web.post().uri("/api/v1/operator/credentials/{id}/unlock", credential.id()).headers(h -> h.setBearerAuth(applicant))
                .exchange().expectStatus().isForbidden();
        String foreignOperator = accounts.newOperator(accounts.newOrganisationAdmin()).token();
        IssuanceFixtures.Operator owner = accounts.newOperator(accounts.newOrganisationAdmin());
        String operator = owner.token();
        issuedByOrganisationOf(credential.id(), owner.email());
        web.post().uri("/api/v1/operator/credentials/{id}/unlock", credential.id()).headers(h -> h.setBearerAuth(foreignOperator))
                .exchange().expectStatus().isNotFound();
        client.call("credentials/authorize", CscClient.authorizeBody(credential.id(), List.of(hash), 1, SigningFixtures.PIN, "123456"))
                .expectStatus().isBadRequest().expectBody().jsonPath("$.error_description").isEqualTo("Credential locked");
        web.post().uri("/api/v1/operator/credentials/{id}/unlock", credential.id()).headers(h -> h.setBearerAuth(operator))
                .exchange().expectStatus().isOk().expectBody().jsonPath("$.status").isEqualTo("ACTIVE");
        web.post().uri("/api/v1/operator/credentials/{id}/unlock", credential.id()).headers(h -> h.setBearerAuth(operator))
                .exchange().expectStatus().isEqualTo(HttpStatus.CONFLICT);
        assertThat(client.authorize(credential.id(), List.of(hash), 1, SigningFixtures.PIN, freshCode(credential))).isNotBlank();
        assertThat(listed(credential, true)).containsExactly(credential.id());
    }

    private List<String> listed(Credential credential, boolean onlyValid) {
        List<String> ids = new ArrayList<>();
        client.ok("credentials/list", Map.of("userID", credential.userId(), "onlyValid", onlyValid)).get("credentialIDs")
                .forEach(id -> ids.add(id.asString()));
        return ids;
    }

    private String freshCode(Credential credential) {
        // the cooldown would hold back a second code for 30 s; lift it as a real user would by waiting
        redis.delete("otp:{" + CredentialAuthorization.subject(credential) + "}:cooldown",
                "otp:rate:subject:{" + CredentialAuthorization.subject(credential) + "}").block();
        return client.challenge(credential.id(), credential.phone());
    }

    /** As if the credential had been issued from an e-code of that operator's organisation. */
    private void issuedByOrganisationOf(String credentialId, String operatorEmail) {
        context.getBean(org.springframework.r2dbc.core.DatabaseClient.class)
                .sql("UPDATE credential SET organisation_id = (SELECT organisation_id FROM user_account WHERE email = :email) "
                        + "WHERE id = :id")
                .bind("email", operatorEmail).bind("id", credentialId).then().block();
    }

    private void credentialsSetPhone(String id, String phone) {
        context.getBean(org.springframework.r2dbc.core.DatabaseClient.class)
                .sql("UPDATE credential SET phone = :phone WHERE id = :id").bind("phone", phone).bind("id", id).then().block();
    }
}
