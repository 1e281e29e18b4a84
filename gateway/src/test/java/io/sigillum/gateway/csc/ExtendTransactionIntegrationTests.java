package io.sigillum.gateway.csc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sigillum.gateway.credential.Credential;
import io.sigillum.gateway.sad.SadGrant;
import io.sigillum.gateway.sad.SadStore;
import io.sigillum.gateway.support.CscClient;
import io.sigillum.gateway.support.PlatformIntegrationTest;
import io.sigillum.gateway.support.SigningFixtures;
import io.sigillum.signer.algorithm.KeyAlgorithm;
import java.security.MessageDigest;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;

/**
 * credentials/extendTransaction with hashes: the new SAD is narrowed to them, each one the holder authorized, within what
 * the old one had left, and every attempt to stretch it (hashes the holder never saw, more hashes than signatures left,
 * another credential, a spent or expired SAD, another hash algorithm) is refused and leaves the old SAD as it was.
 */
class ExtendTransactionIntegrationTests extends PlatformIntegrationTest {

    private static final String SHA384 = "2.16.840.1.101.3.4.2.2";
    private static final String ECDSA_SHA384 = "1.2.840.10045.4.3.3";

    @Test
    void theNewSadIsNarrowedToSomeOfTheAuthorizedHashesAndTheOldOneStopsWorking() throws Exception {
        Credential credential = fixtures.credential(platform, KeyAlgorithm.EC_P256);
        String first = CscClient.sha256("page 1");
        String sad = authorize(credential, List.of(first, CscClient.sha256("page 2"), CscClient.sha256("page 3")), 3);
        client.ok("signatures/signHash", CscClient.signHashBody(credential.id(), sad, List.of(first)));

        String extended = extend(credential.id(), sad, List.of(CscClient.sha256("page 2"), CscClient.sha256("page 3")))
                .expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody().get("SAD").asString();

        refused(client.call("signatures/signHash", CscClient.signHashBody(credential.id(), sad, List.of(first))), "SAD unknown");
        refused(client.call("signatures/signHash", CscClient.signHashBody(credential.id(), extended, List.of(first))),
                "not authorized");
        JsonNode signatures = client.ok("signatures/signHash", CscClient.signHashBody(credential.id(), extended,
                List.of(CscClient.sha256("page 2"), CscClient.sha256("page 3")))).get("signatures");
        assertThat(verifies(credential, "SHA256withECDSA", "page 2", signatures.get(0).asString())).isTrue();
        assertThat(verifies(credential, "SHA256withECDSA", "page 3", signatures.get(1).asString())).isTrue();
        // two of the three signatures were left, and both are spent
        refused(client.call("signatures/signHash", CscClient.signHashBody(credential.id(), extended,
                List.of(CscClient.sha256("page 2")))), "SAD unknown");
    }

    @Test
    void hashesTheHolderDidNotAuthorizeAreRefusedAndTheOldSadStillSigns() {
        Credential credential = fixtures.credential(platform, KeyAlgorithm.EC_P256);
        String approved = CscClient.sha256("the contract the holder read");
        String sad = authorize(credential, List.of(approved), 1);

        // SCAL 2: the platform alone cannot move the holder's approval onto a document of its choosing
        refused(extend(credential.id(), sad, List.of(CscClient.sha256("another contract"))),
                "Hash is not authorized by the SAD (hashes[0])");
        refused(extend(credential.id(), sad, List.of(approved, CscClient.sha256("another contract"))),
                "Hash is not authorized by the SAD (hashes[1])");
        assertThat(audited(credential, "REFUSED HASH_NOT_AUTHORIZED")).isEqualTo(2);

        client.ok("signatures/signHash", CscClient.signHashBody(credential.id(), sad, List.of(approved)));
    }

    @Test
    void theSignatureAlgorithmTheHolderApprovedStaysBound() {
        Credential credential = fixtures.credential(platform, KeyAlgorithm.EC_P256);
        String hash = CscClient.sha256("contract");
        // a grant bound to one signature algorithm (a CSC 2.2 authorization detail's signAlgo, approved on our page)
        String sad = context.getBean(SadStore.class).create(new SadGrant(platform.id(), credential.id(), CscClient.SHA256, 2,
                List.of(hash), Optional.of(ECDSA_SHA384))).block(Duration.ofSeconds(5)).value();

        String extended = client.ok("credentials/extendTransaction", Map.of("credentialID", credential.id(), "SAD", sad))
                .get("SAD").asString();
        refused(client.call("signatures/signHash", CscClient.signHashBody(credential.id(), extended, List.of(hash))),
                "signAlgo " + ECDSA_SHA384 + " only");
        String narrowed = extend(credential.id(), extended, List.of(hash)).expectStatus().isOk()
                .expectBody(JsonNode.class).returnResult().getResponseBody().get("SAD").asString();
        refused(client.call("signatures/signHash", CscClient.signHashBody(credential.id(), narrowed, List.of(hash))),
                "signAlgo " + ECDSA_SHA384 + " only");
    }

    @Test
    void moreHashesThanSignaturesLeftAreRefusedAndTheOldSadStillSigns() {
        Credential credential = fixtures.credential(platform, KeyAlgorithm.EC_P256);
        String a = CscClient.sha256("a");
        String b = CscClient.sha256("b");
        String sad = authorize(credential, List.of(a, b), 2);
        client.ok("signatures/signHash", CscClient.signHashBody(credential.id(), sad, List.of(a)));

        refused(extend(credential.id(), sad, List.of(a, b)), "allows only 1 more");

        client.ok("signatures/signHash", CscClient.signHashBody(credential.id(), sad, List.of(b)));
    }

    @Test
    void anotherCredentialOfThePlatformCannotTakeOverTheSad() {
        Credential credential = fixtures.credential(platform, KeyAlgorithm.EC_P256);
        Credential other = fixtures.credential(platform, KeyAlgorithm.EC_P256);
        String hash = CscClient.sha256("contract");
        String sad = authorize(credential, List.of(hash), 1);

        refused(extend(other.id(), sad, List.of(CscClient.sha256("someone else's"))), "not issued for this credential");
        refused(client.call("credentials/extendTransaction", Map.of("credentialID", other.id(), "SAD", sad)),
                "not issued for this credential");

        client.ok("signatures/signHash", CscClient.signHashBody(credential.id(), sad, List.of(hash)));
    }

    @Test
    void aSpentOrExpiredSadCannotBeExtended() {
        Credential credential = fixtures.credential(platform, KeyAlgorithm.EC_P256);
        String hash = CscClient.sha256("contract");
        String spent = authorize(credential, List.of(hash), 1);
        client.ok("signatures/signHash", CscClient.signHashBody(credential.id(), spent, List.of(hash)));

        refused(extend(credential.id(), spent, List.of(CscClient.sha256("more"))), "SAD unknown or expired");

        // a second code for the same credential would wait for the cooldown: another credential's SAD runs out
        Credential other = fixtures.credential(platform, KeyAlgorithm.EC_P256);
        String expiring = authorize(other, List.of(hash), 1);
        ReactiveStringRedisTemplate redis = context.getBean(ReactiveStringRedisTemplate.class);
        String id = SadStore.idOf(expiring);
        // the SAD's lifetime runs out
        redis.expire("sad:{" + id + "}", Duration.ofMillis(1)).block(Duration.ofSeconds(5));
        redis.expire("sad:{" + id + "}:hashes", Duration.ofMillis(1)).block(Duration.ofSeconds(5));
        await().atMost(Duration.ofSeconds(5)).until(() -> !redis.hasKey("sad:{" + id + "}").block(Duration.ofSeconds(5)));
        refused(extend(other.id(), expiring, List.of(CscClient.sha256("more"))), "SAD unknown or expired");
        refused(client.call("credentials/extendTransaction", Map.of("credentialID", other.id(), "SAD", expiring)),
                "SAD unknown or expired");
    }

    @Test
    void theSadCannotBeMovedToAnotherHashAlgorithm() throws Exception {
        Credential credential = fixtures.credential(platform, KeyAlgorithm.EC_P256);
        String draft = CscClient.sha256("draft");
        String sad = authorize(credential, List.of(draft), 2);
        String sha384 = Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-384").digest("final".getBytes()));

        refused(extend(credential.id(), sad, List.of(sha384)), "Hash is not authorized by the SAD");
        refused(client.call("credentials/extendTransaction", Map.of("credentialID", credential.id(), "SAD", sad,
                "hashes", List.of(sha384), "hashAlgorithmOID", SHA384)), "issued for another hash algorithm");

        // named as it was authorized, the extension keeps the algorithm, and the new SAD signs with it
        String extended = client.ok("credentials/extendTransaction", Map.of("credentialID", credential.id(), "SAD", sad,
                "hashes", List.of(draft), "hashAlgorithmOID", CscClient.SHA256)).get("SAD").asString();
        refused(client.call("signatures/signHash", Map.of("credentialID", credential.id(), "SAD", extended,
                "hashes", List.of(sha384), "hashAlgorithmOID", SHA384, "signAlgo", ECDSA_SHA384)), "another hash algorithm");
        String signature = client.ok("signatures/signHash", CscClient.signHashBody(credential.id(), extended, List.of(draft)))
                .get("signatures").get(0).asString();
        assertThat(verifies(credential, "SHA256withECDSA", "draft", signature)).isTrue();
    }

    @Test
    void aNamedAlgorithmWithoutHashesOrHashesNotOfItAreBadRequests() {
        Credential credential = fixtures.credential(platform, KeyAlgorithm.EC_P256);
        String hash = CscClient.sha256("contract");
        String sad = authorize(credential, List.of(hash), 1);

        refused(client.call("credentials/extendTransaction", Map.of("credentialID", credential.id(), "SAD", sad,
                "hashAlgorithmOID", SHA384)), "without hashes");
        refused(client.call("credentials/extendTransaction", Map.of("credentialID", credential.id(), "SAD", sad,
                "hashes", List.of(hash), "hashAlgorithmOID", SHA384)), "Invalid digest value length");
        refused(client.call("credentials/extendTransaction", Map.of("credentialID", credential.id(), "SAD", sad,
                "hashes", List.of())), "Empty hash array");

        client.ok("signatures/signHash", CscClient.signHashBody(credential.id(), sad, List.of(hash)));
    }

    private String authorize(Credential credential, List<String> hashes, int signatures) {
        return client.authorize(credential.id(), hashes, signatures, SigningFixtures.PIN,
                client.challenge(credential.id(), credential.phone()));
    }

    private WebTestClient.ResponseSpec extend(String credentialId, String sad,
            List<String> hashes) {
        return client.call("credentials/extendTransaction", Map.of("credentialID", credentialId, "SAD", sad, "hashes", hashes));
    }

    /** extendTransaction records of the credential with this result (the refused are audited as they are answered). */
    private long audited(Credential credential, String result) {
        return context.getBean(DatabaseClient.class).sql("SELECT count(*) AS n FROM audit_record WHERE credential_id = :c "
                + "AND operation = 'extendTransaction' AND result = :r").bind("c", credential.id()).bind("r", result)
                .map(row -> row.get("n", Long.class)).one().block(Duration.ofSeconds(5));
    }

    private static void refused(WebTestClient.ResponseSpec response, String why) {
        response.expectStatus().isBadRequest().expectBody()
                .jsonPath("$.error").isEqualTo("invalid_request")
                .jsonPath("$.error_description").value(description -> assertThat((String) description).contains(why));
    }

    private static boolean verifies(Credential credential, String algorithm, String document, String signature)
            throws Exception {
        X509Certificate certificate = credential.certificate().orElseThrow();
        Signature verifier = Signature.getInstance(algorithm);
        verifier.initVerify(certificate.getPublicKey());
        verifier.update(document.getBytes());
        return verifier.verify(Base64.getDecoder().decode(signature));
    }
}
