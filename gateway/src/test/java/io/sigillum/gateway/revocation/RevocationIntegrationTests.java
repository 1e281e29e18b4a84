package io.sigillum.gateway.revocation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sigillum.gateway.account.AccountService;
import io.sigillum.gateway.ca.CertificateRegistry;
import io.sigillum.gateway.credential.Credential;
import io.sigillum.gateway.credential.CredentialCache;
import io.sigillum.gateway.csc.CredentialAuthorization;
import io.sigillum.gateway.issuance.IssuanceFixtures;
import io.sigillum.gateway.sad.SadGrant;
import io.sigillum.gateway.seal.QtspSeal;
import io.sigillum.gateway.support.CscClient;
import io.sigillum.gateway.support.DevOutbox;
import io.sigillum.gateway.support.GatewayInstance;
import io.sigillum.gateway.support.NestedDer;
import io.sigillum.gateway.support.PlatformIntegrationTest;
import io.sigillum.gateway.support.SigningFixtures;
import io.sigillum.gateway.tsa.TimestampAuthority;
import io.sigillum.gateway.web.ApiException;
import io.sigillum.gateway.web.PublicBaseUrl;
import io.sigillum.signer.algorithm.DigestAlgorithm;
import io.sigillum.signer.algorithm.KeyAlgorithm;
import io.sigillum.signer.ca.CertificateAuthority;
import io.sigillum.testsupport.Processes;
import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.awaitility.Awaitility;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.DERTaggedObject;
import org.bouncycastle.asn1.ocsp.OCSPObjectIdentifiers;
import org.bouncycastle.asn1.ocsp.OCSPRequest;
import org.bouncycastle.asn1.ocsp.TBSRequest;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.cert.ocsp.BasicOCSPResp;
import org.bouncycastle.cert.ocsp.CertificateID;
import org.bouncycastle.cert.ocsp.OCSPReq;
import org.bouncycastle.cert.ocsp.OCSPReqBuilder;
import org.bouncycastle.cert.ocsp.OCSPResp;
import org.bouncycastle.cert.ocsp.UnknownStatus;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.JsonNode;

/**
 * Revocation end to end: OCSP and the CRL as openssl reads them, before and after an operator's or the holder's
 * revocation; suspension and release; and the requests that must be refused.
 */
class RevocationIntegrationTests extends PlatformIntegrationTest {

    private static final MediaType OCSP_REQUEST = MediaType.parseMediaType("application/ocsp-request");

    @TempDir
    Path dir;

    private IssuanceFixtures accounts;
    private String base;
    private Path root;
    private Path issuing;

    @BeforeEach
    void setUp() throws Exception {
        accounts = new IssuanceFixtures(web, context.getBean(AccountService.class));
        base = context.getBean(PublicBaseUrl.class).listening();
        List<X509Certificate> chain = context.getBean(CertificateAuthority.class).chain();
        issuing = pem("issuing.pem", chain.getFirst());
        root = pem("root.pem", chain.getLast());
    }

    @Test
    void aFreshCertificateCarriesTheLocationsAndIsGoodOverOcspAndInTheCrl() throws Exception {
        Credential credential = fixtures.credential(platform, KeyAlgorithm.EC_P256);
        X509Certificate ee = credential.certificate().orElseThrow();
        String aia = Processes.run("openssl", "x509", "-in", pem("ee.pem", ee).toString(), "-noout", "-ext",
                "authorityInfoAccess,crlDistributionPoints");
        assertThat(aia).contains("OCSP - URI:" + base + "/ca/ocsp").contains("CA Issuers - URI:" + base + "/ca/issuing-ca.cer")
                .contains("URI:" + base + "/ca/crl");
        // the caIssuers certificate, which a cache keeps a day and then revalidates
        EntityExchangeResult<byte[]> issuer = web.get().uri("/ca/issuing-ca.cer").exchange().expectStatus().isOk()
                .expectHeader().contentType("application/pkix-cert")
                .expectHeader().cacheControl(CacheControl.maxAge(Duration.ofDays(1)).cachePublic().noTransform())
                .expectHeader().valueMatches("ETag", "\"[0-9a-f]{32}\"")
                .expectBody(byte[].class).returnResult();
        assertThat(issuer.getResponseBody()).isEqualTo(context.getBean(CertificateAuthority.class).chain().getFirst().getEncoded());
        web.get().uri("/ca/issuing-ca.cer").ifNoneMatch(issuer.getResponseHeaders().getETag()).exchange()
                .expectStatus().isNotModified();
        // and the root, self-signed, for a relying party to try the chain with
        byte[] rootCertificate = web.get().uri("/ca/root-ca.cer").exchange().expectStatus().isOk()
                .expectHeader().contentType("application/pkix-cert")
                .expectBody(byte[].class).returnResult().getResponseBody();
        assertThat(rootCertificate).isEqualTo(context.getBean(CertificateAuthority.class).chain().getLast().getEncoded());

        assertThat(ocsp(ee)).contains(": good").contains("Response verify OK");
        Path crl = crl("fresh.crl");
        assertThat(Processes.run("openssl", "verify", "-crl_check", "-CRLfile", crl.toString(), "-CAfile", root.toString(),
                "-untrusted", issuing.toString(), dir.resolve("ee.pem").toString())).contains(": OK");
    }

    /**
     * A relying party checks the issuing CA's certificate too, and finds its revocation data only through the CRL
     * distribution point it carries: the root's CRL, which the gateway publishes. With it and the issuing CA's CRL,
     * openssl checks the whole chain.
     */
    @Test
    void theIssuingCaCertificatePointsToTheRootsCrl() throws Exception {
        X509Certificate ee = fixtures.credential(platform, KeyAlgorithm.EC_P256).certificate().orElseThrow();
        pem("ee.pem", ee);
        assertThat(Processes.run("openssl", "x509", "-in", issuing.toString(), "-noout", "-ext", "crlDistributionPoints"))
                .containsPattern("URI:http://127\\.0\\.0\\.1:\\d+/ca/root\\.crl");
        byte[] rootCrl = web.get().uri("/ca/root.crl").exchange().expectStatus().isOk()
                .expectHeader().contentType("application/pkix-crl").expectBody(byte[].class).returnResult().getResponseBody();
        Path rootCrlPem = dir.resolve("root.crl.pem");
        Processes.run("openssl", "crl", "-inform", "DER", "-in", Files.write(dir.resolve("root.crl"), rootCrl).toString(),
                "-out", rootCrlPem.toString());

        assertThat(Processes.run("openssl", "verify", "-crl_check_all", "-CRLfile", crl("issuing.crl").toString(),
                "-CRLfile", rootCrlPem.toString(), "-CAfile", root.toString(), "-untrusted", issuing.toString(),
                dir.resolve("ee.pem").toString())).contains(": OK");
    }

    @Test
    void anOperatorsRevocationShowsInOcspTheNextCrlAndStopsSigning() throws Exception {
        Credential credential = fixtures.credential(platform, KeyAlgorithm.EC_P256);
        X509Certificate ee = credential.certificate().orElseThrow();
        pem("ee.pem", ee);
        IssuanceFixtures.Operator operator = issuingOperatorOf(credential);
        String hash = CscClient.sha256("signed before the revocation");
        String sad = client.authorize(credential.id(), List.of(hash), 1, SigningFixtures.PIN, freshCode(credential));
        BigInteger crlBefore = crlNumber(crl("before.crl"));

        web.post().uri("/api/v1/operator/credentials/{id}/revoke", credential.id()).headers(h -> h.setBearerAuth(operator.token()))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("reason", "keyCompromise"))
                .exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.status").isEqualTo("REVOKED")
                .jsonPath("$.reason").isEqualTo("keyCompromise")
                .jsonPath("$.certificateSerial").isEqualTo(ee.getSerialNumber().toString(16));

        assertThat(ocsp(ee)).contains(": revoked").contains("Reason: keyCompromise").contains("Revocation Time:");
        Path crl = crl("after.crl");
        assertThat(crlNumber(crl)).isGreaterThan(crlBefore);
        assertThat(Processes.run("openssl", "crl", "-in", crl.toString(), "-noout", "-text"))
                .contains("Serial Number: " + ee.getSerialNumber().toString(16).toUpperCase(Locale.ROOT))
                .contains("Key Compromise");
        Processes.Result verified = Processes.exec("openssl", "verify", "-crl_check", "-CRLfile", crl.toString(), "-CAfile",
                root.toString(), "-untrusted", issuing.toString(), dir.resolve("ee.pem").toString());
        assertThat(verified.exitCode()).isNotZero();
        assertThat(verified.output()).contains("certificate revoked");

        // the SAD from before the revocation buys nothing now; nor does a new authorization
        client.call("signatures/signHash", CscClient.signHashBody(credential.id(), sad, List.of(hash)))
                .expectStatus().isBadRequest().expectBody().jsonPath("$.error_description").isEqualTo("The signing certificate is revoked");
        client.call("credentials/getChallenge", Map.of("credentialID", credential.id()))
                .expectStatus().isBadRequest().expectBody().jsonPath("$.error_description").isEqualTo("The signing certificate is revoked");
        client.call("credentials/authorize", CscClient.authorizeBody(credential.id(), List.of(hash), 1, SigningFixtures.PIN, "123456"))
                .expectStatus().isBadRequest().expectBody().jsonPath("$.error_description").isEqualTo("The signing certificate is revoked");
        // both tries to use the revoked credential are on record
        assertThat(audited(credential.id(), "signHash")).isEqualTo("REFUSED credential REVOKED");
        assertThat(audited(credential.id(), "authorize")).isEqualTo("REFUSED credential REVOKED");
        assertThat(client.ok("credentials/info", Map.of("credentialID", credential.id())).get("cert").get("status").asString())
                .isEqualTo("revoked");
        assertThat(audited(credential.id(), "revoke")).isEqualTo("OK keyCompromise serial " + ee.getSerialNumber().toString(16));
        assertThat(notified(credential.phone())).contains("CERTIFICATE_REVOKED");

        web.post().uri("/api/v1/operator/credentials/{id}/revoke", credential.id()).headers(h -> h.setBearerAuth(operator.token()))
                .exchange().expectStatus().isEqualTo(HttpStatus.CONFLICT)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
        // each change on record as requested before it is made, and its outcome after: a crash between the change and
        // its outcome's record leaves the request on record
        assertThat(db().sql("SELECT result FROM audit_record WHERE credential_id = :id AND operation = 'revoke' ORDER BY seq")
                .bind("id", credential.id()).map(row -> row.get("result", String.class)).all().collectList().block())
                .containsExactly("REQUESTED keyCompromise serial " + ee.getSerialNumber().toString(16),
                        "OK keyCompromise serial " + ee.getSerialNumber().toString(16),
                        "REQUESTED unspecified serial " + ee.getSerialNumber().toString(16), "REFUSED already_revoked");
    }

    @Test
    void aRevocationStopsSigningOnEveryInstanceWellWithinTheCacheTtl() {
        Credential credential = fixtures.credential(platform, KeyAlgorithm.EC_P256);
        IssuanceFixtures.Operator operator = issuingOperatorOf(credential);
        List<String> hashes = IntStream.range(0, 200).mapToObj(i -> CscClient.sha256("document " + i)).toList();
        // the second instance would trust its cached credential for an hour: only the broadcast can stop it
        try (GatewayInstance second = GatewayInstance.start(Map.of("sigillum.csc.credential-cache-ttl", "1h"))) {
            CscClient other = CscClient.login(second.web(), platform.clientId(), SigningFixtures.secretOf(platform.clientId()));
            String sad = other.authorize(credential.id(), hashes, hashes.size(), SigningFixtures.PIN, freshCode(credential));
            other.call("signatures/signHash", CscClient.signHashBody(credential.id(), sad, List.of(hashes.getFirst())))
                    .expectStatus().isOk();

            web.post().uri("/api/v1/operator/credentials/{id}/revoke", credential.id())
                    .headers(h -> h.setBearerAuth(operator.token())).exchange().expectStatus().isOk();

            AtomicInteger next = new AtomicInteger(1);
            // seconds, not the hour its cache would keep it (a loaded 2-core machine may take a while to answer)
            Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50)).until(() -> other
                    .call("signatures/signHash", CscClient.signHashBody(credential.id(), sad, List.of(hashes.get(next.getAndIncrement()))))
                    .expectBody().returnResult().getStatus().value() == 400);
        }
    }

    /** An unlock on one instance lets the credential sign on every other at once, not when their caches expire. */
    @Test
    void anUnlockLetsTheCredentialSignOnEveryInstanceWellWithinTheCacheTtl() {
        Credential credential = fixtures.credential(platform, KeyAlgorithm.EC_P256);
        IssuanceFixtures.Operator operator = issuingOperatorOf(credential);
        String hash = CscClient.sha256("signed after the unlock");
        db().sql("UPDATE credential SET status = 'LOCKED' WHERE id = :id").bind("id", credential.id()).then().block();
        try (GatewayInstance second = GatewayInstance.start(Map.of("sigillum.csc.credential-cache-ttl", "1h"))) {
            CscClient other = CscClient.login(second.web(), platform.clientId(), SigningFixtures.secretOf(platform.clientId()));
            // the second instance has the credential cached as locked, for an hour
            other.call("signatures/signHash", CscClient.signHashBody(credential.id(), "no-such-sad", List.of(hash)))
                    .expectStatus().isBadRequest().expectBody().jsonPath("$.error_description").isEqualTo("Credential locked");

            web.post().uri("/api/v1/operator/credentials/{id}/unlock", credential.id())
                    .headers(h -> h.setBearerAuth(operator.token())).exchange().expectStatus().isOk();
            String sad = client.authorize(credential.id(), List.of(hash), 1, SigningFixtures.PIN, freshCode(credential));

            // seconds, not the hour its cache would keep it (a refused call spends nothing of the SAD)
            Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50)).until(() -> other
                    .call("signatures/signHash", CscClient.signHashBody(credential.id(), sad, List.of(hash)))
                    .expectBody().returnResult().getStatus().value() == 200);
        }
    }

    @Test
    void anInstanceForgetsItsCachedCredentialsEachTimeItStartsListening() {
        // what was broadcast while it was not listening (before it first subscribed, or while Redis was away) is lost
        Credential credential = fixtures.credential(platform, KeyAlgorithm.EC_P256);
        CredentialCache cache = context.getBean(CredentialCache.class);
        RevocationBroadcast broadcast = context.getBean(RevocationBroadcast.class);
        String before = cache.getLinked(platform.id(), credential.id()).block().description();
        db().sql("UPDATE credential SET description = 'changed while not listening' WHERE id = :id")
                .bind("id", credential.id()).then().block();
        assertThat(cache.getLinked(platform.id(), credential.id()).block().description()).isEqualTo(before);

        broadcast.stop();
        broadcast.start();

        // within less than half the test context's 10 s TTL, so the cache's own refresh cannot be what does it
        Awaitility.await().atMost(Duration.ofSeconds(4)).until(() -> cache.getLinked(platform.id(), credential.id()).block()
                .description().equals("changed while not listening"));
        assertThat(broadcast.isRunning()).isTrue();
    }

    @Test
    void onlyOperatorsOfTheIssuingOrganisationMayRevoke() {
        Credential credential = fixtures.credential(platform, KeyAlgorithm.EC_P256);
        IssuanceFixtures.Operator owner = accounts.newOperator(accounts.newOrganisationAdmin());
        issuedByOrganisationOf(credential.id(), owner.email());
        String foreign = accounts.newOperator(accounts.newOrganisationAdmin()).token();
        String applicant = accounts.newApplicant();

        web.post().uri("/api/v1/operator/credentials/{id}/revoke", credential.id()).headers(h -> h.setBearerAuth(foreign))
                .exchange().expectStatus().isNotFound().expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
        web.post().uri("/api/v1/operator/credentials/{id}/suspend", credential.id()).headers(h -> h.setBearerAuth(foreign))
                .exchange().expectStatus().isNotFound();
        web.post().uri("/api/v1/operator/credentials/{id}/revoke", credential.id()).headers(h -> h.setBearerAuth(applicant))
                .exchange().expectStatus().isForbidden();
        web.post().uri("/api/v1/operator/credentials/{id}/revoke", credential.id()).headers(h -> h.setBearerAuth(owner.token()))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("reason", "cACompromise"))
                .exchange().expectStatus().isBadRequest();
        assertThat(client.ok("credentials/info", Map.of("credentialID", credential.id())).get("cert").get("status").asString())
                .isEqualTo("valid");
    }

    @Test
    void aSuspendedCertificateIsOnHoldUntilReleased() throws Exception {
        Credential credential = fixtures.credential(platform, KeyAlgorithm.EC_P256);
        X509Certificate ee = credential.certificate().orElseThrow();
        IssuanceFixtures.Operator operator = issuingOperatorOf(credential);
        String before = CscClient.sha256("authorized before the suspension");
        String sadBefore = client.authorize(credential.id(), List.of(before), 1, SigningFixtures.PIN, freshCode(credential));

        web.post().uri("/api/v1/operator/credentials/{id}/suspend", credential.id()).headers(h -> h.setBearerAuth(operator.token()))
                .exchange().expectStatus().isOk().expectBody().jsonPath("$.status").isEqualTo("SUSPENDED")
                .jsonPath("$.reason").isEqualTo("certificateHold");
        assertThat(ocsp(ee)).contains(": revoked").contains("Reason: certificateHold");
        assertThat(client.ok("credentials/info", Map.of("credentialID", credential.id())).get("cert").get("status").asString())
                .isEqualTo("suspended");
        client.call("credentials/getChallenge", Map.of("credentialID", credential.id()))
                .expectStatus().isBadRequest().expectBody().jsonPath("$.error_description")
                .isEqualTo("The signing certificate is suspended");

        web.post().uri("/api/v1/operator/credentials/{id}/release", credential.id()).headers(h -> h.setBearerAuth(operator.token()))
                .exchange().expectStatus().isOk().expectBody().jsonPath("$.status").isEqualTo("GOOD");
        assertThat(ocsp(ee)).contains(": good");
        // what was authorized before the suspension stays withdrawn: the holder authorizes again
        client.call("signatures/signHash", CscClient.signHashBody(credential.id(), sadBefore, List.of(before)))
                .expectStatus().isBadRequest().expectBody().jsonPath("$.error_description")
                .value(description -> assertThat((String) description).contains("SAD"));
        String after = CscClient.sha256("after release");
        String sadAfter = client.authorize(credential.id(), List.of(after), 1, SigningFixtures.PIN, freshCode(credential));
        client.call("signatures/signHash", CscClient.signHashBody(credential.id(), sadAfter, List.of(after))).expectStatus().isOk();
        web.post().uri("/api/v1/operator/credentials/{id}/release", credential.id()).headers(h -> h.setBearerAuth(operator.token()))
                .exchange().expectStatus().isEqualTo(HttpStatus.CONFLICT);
    }

    @Test
    void aHolderWhoChosePolishIsToldOfEachChangeInPolish() {
        Credential credential = fixtures.credential(platform, KeyAlgorithm.EC_P256, Locale.of("pl"));
        String serial = credential.certificate().orElseThrow().getSerialNumber().toString(16);

        suspendReleaseAndRevoke(credential, "keyCompromise");

        assertThat(notices(credential.phone())).containsExactly(
                "Sigillum: Twój certyfikat kwalifikowany nr " + serial
                        + " został zawieszony; do czasu odwieszenia nie można nim podpisywać.",
                "Sigillum: Twój certyfikat kwalifikowany nr " + serial + " został odwieszony; znów można nim podpisywać.",
                "Sigillum: Twój certyfikat kwalifikowany nr " + serial
                        + " został unieważniony (przyczyna: kompromitacja klucza prywatnego); nie można już nim podpisywać.");
    }

    @Test
    void aHolderWhoChoseEnglishIsToldOfEachChangeInEnglish() {
        Credential credential = fixtures.credential(platform, KeyAlgorithm.EC_P256, Locale.ENGLISH);
        String serial = credential.certificate().orElseThrow().getSerialNumber().toString(16);

        suspendReleaseAndRevoke(credential, "superseded");

        String revoked = "Sigillum: your qualified certificate " + serial + " was revoked (reason: superseded); it can no longer sign.";
        assertThat(notices(credential.phone())).containsExactly(
                "Sigillum: your qualified certificate " + serial + " was suspended; it cannot sign until the QTSP releases it.",
                "Sigillum: your qualified certificate " + serial + " is no longer suspended and can sign again.",
                revoked);
        // and it leaves as an SMS, which has no subject
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> unsent(credential.phone()) == 0);
        // found by its text: another instance's dispatcher may have sent the three in another order
        JsonNode sms = DevOutbox.lastWithText(revoked);
        assertThat(sms.path("to").asString()).isEqualTo(credential.phone());
        assertThat(sms.path("channel").asString()).isEqualTo("SMS");
        assertThat(sms.has("subject")).isFalse();
    }

    @Test
    void aRevocationWithoutAReasonHasNoReasonInOcspAsInTheCrl() throws Exception {
        Credential credential = fixtures.credential(platform, KeyAlgorithm.EC_P256);
        X509Certificate ee = credential.certificate().orElseThrow();
        IssuanceFixtures.Operator operator = issuingOperatorOf(credential);

        web.post().uri("/api/v1/operator/credentials/{id}/revoke", credential.id()).headers(h -> h.setBearerAuth(operator.token()))
                .exchange().expectStatus().isOk().expectBody().jsonPath("$.reason").isEqualTo("unspecified");

        // RFC 5280 §5.3.1: the reason code is absent rather than unspecified (0); OCSP says the same as the CRL
        assertThat(ocsp(ee)).contains(": revoked").contains("Revocation Time:").doesNotContain("Reason:");
        String entry = Processes.run("openssl", "crl", "-in", crl("unspecified.crl").toString(), "-noout", "-text")
                .lines().dropWhile(line -> !line.contains(ee.getSerialNumber().toString(16).toUpperCase(Locale.ROOT)))
                .skip(1).takeWhile(line -> !line.contains("Serial Number:")).collect(Collectors.joining("\n"));
        assertThat(entry).contains("Revocation Date:").doesNotContain("Reason");
    }

    @Test
    void anAuthorizationThatCheckedTheStatusBeforeASuspensionStoresNoGrantThatOutlivesIt() {
        Credential credential = fixtures.credential(platform, KeyAlgorithm.EC_P256);
        IssuanceFixtures.Operator operator = issuingOperatorOf(credential);
        CredentialAuthorization authorization = context.getBean(CredentialAuthorization.class);
        // the holder's PIN and code were checked while the credential was still active...
        Credential checkedBefore = authorization.usable(platform.id(), credential.id()).block();
        // ...then the suspension, with its withdrawal of every grant, ran to its end before the grant was stored
        web.post().uri("/api/v1/operator/credentials/{id}/suspend", credential.id()).headers(h -> h.setBearerAuth(operator.token()))
                .exchange().expectStatus().isOk();
        SadGrant grant = new SadGrant(platform.id(), credential.id(), DigestAlgorithm.SHA256.oid(), 1,
                List.of(CscClient.sha256("authorized across the suspension")));

        assertThatThrownBy(() -> authorization.grant(platform.clientId(), checkedBefore, grant, "OK").block())
                .isInstanceOf(ApiException.class).hasMessageContaining("suspended");
        // the grant was stored, and withdrawn again
        assertThat(redis().opsForSet().members("sad:credential:{" + credential.id() + "}")
                .flatMap(id -> redis().hasKey("sad:{" + id + "}")).collectList().block()).containsExactly(false);
        assertThat(audited(credential.id(), "authorize")).isEqualTo("DENIED status changed");
    }

    @Test
    void theHolderRevokesWithPinAndSmsCodeAndNobodyElseCan() throws Exception {
        Credential credential = fixtures.credential(platform, KeyAlgorithm.EC_P256);
        X509Certificate ee = credential.certificate().orElseThrow();
        String holder = accounts.newApplicant();
        heldBy(credential.id(), holder);
        String stranger = accounts.newApplicant();

        web.post().uri("/api/v1/certificates/{id}/revoke/challenge", credential.id()).headers(h -> h.setBearerAuth(stranger))
                .exchange().expectStatus().isNotFound();
        web.post().uri("/api/v1/certificates/{id}/revoke", credential.id()).headers(h -> h.setBearerAuth(stranger))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("pin", SigningFixtures.PIN, "otp", "123456"))
                .exchange().expectStatus().isNotFound();

        String code = holderCode(credential, holder);
        // in the holder's language (the credential's: Polish)
        assertThat(CscClient.lastCodeTextFor(credential.phone()).orElseThrow())
                .startsWith("Sigillum: " + code + " to kod do UNIEWAŻNIENIA Twojego certyfikatu kwalifikowanego.");
        holderRevoke(credential, holder, "11111111", code).expectStatus().isForbidden()
                .expectBody().jsonPath("$.code").isEqualTo("invalid_pin");
        assertThat(audited(credential.id(), "revoke")).isEqualTo("DENIED pin");
        String second = holderCode(credential, holder);
        String wrong = second.equals("000000") ? "000001" : "000000";
        holderRevoke(credential, holder, SigningFixtures.PIN, wrong).expectStatus().isForbidden()
                .expectBody().jsonPath("$.code").isEqualTo("invalid_otp");
        assertThat(audited(credential.id(), "revoke")).isEqualTo("DENIED otp");
        assertThat(ocsp(ee)).contains(": good");
        // a code sent for signing does not revoke
        String signingCode = freshCode(credential);
        holderRevoke(credential, holder, SigningFixtures.PIN, signingCode).expectStatus().isForbidden();

        holderRevoke(credential, holder, SigningFixtures.PIN, holderCode(credential, holder)).expectStatus().isOk()
                .expectBody().jsonPath("$.status").isEqualTo("REVOKED").jsonPath("$.reason").isEqualTo("superseded");
        assertThat(ocsp(ee)).contains(": revoked").contains("Reason: superseded");
        assertThat(audited(credential.id(), "revoke")).startsWith("OK superseded");
        // revoked, it needs no more codes: none is sent
        redis().delete("otp:{revoke:credential:" + credential.id() + "}:cooldown").block();
        web.post().uri("/api/v1/certificates/{id}/revoke/challenge", credential.id()).headers(h -> h.setBearerAuth(holder))
                .exchange().expectStatus().isEqualTo(HttpStatus.CONFLICT).expectBody().jsonPath("$.code").isEqualTo("already_revoked");
        // and a revocation of it is told the same, not that no code is outstanding
        holderRevoke(credential, holder, SigningFixtures.PIN, "123456").expectStatus().isEqualTo(HttpStatus.CONFLICT)
                .expectBody().jsonPath("$.code").isEqualTo("already_revoked");
    }

    @Test
    void aLockedCredentialsPinIsCheckedNoMoreNotEvenToRevoke() throws Exception {
        Credential credential = fixtures.credential(platform, KeyAlgorithm.EC_P256);
        X509Certificate ee = credential.certificate().orElseThrow();
        String holder = accounts.newApplicant();
        heldBy(credential.id(), holder);
        for (int attempt = 0; attempt < 5; attempt++) {
            holderRevoke(credential, holder, "1111111" + attempt, holderCode(credential, holder)).expectStatus().isForbidden()
                    .expectBody().jsonPath("$.code").isEqualTo("invalid_pin");
        }

        // locked by the fifth: no code is sent for it any more, and no PIN is checked, the right one included
        redis().delete("otp:{revoke:credential:" + credential.id() + "}:cooldown",
                "otp:rate:subject:{revoke:credential:" + credential.id() + "}").block();
        web.post().uri("/api/v1/certificates/{id}/revoke/challenge", credential.id()).headers(h -> h.setBearerAuth(holder))
                .exchange().expectStatus().isEqualTo(HttpStatus.CONFLICT)
                .expectBody().jsonPath("$.code").isEqualTo("credential_locked");
        holderRevoke(credential, holder, SigningFixtures.PIN, "123456").expectStatus().isEqualTo(HttpStatus.CONFLICT)
                .expectBody().jsonPath("$.code").isEqualTo("credential_locked")
                .jsonPath("$.detail").value(detail -> assertThat(detail.toString()).contains("operator"));
        assertThat(audited(credential.id(), "revoke")).isEqualTo("DENIED credential locked");
        assertThat(ocsp(ee)).contains(": good");
    }

    /** An account whose credentials were provisioned outside issuance holds them under its CSC userID, as on the OAuth2 page. */
    @Test
    void aHolderWhoseCredentialIsHeldUnderItsCscUserIdRevokesItToo() {
        Credential credential = fixtures.credential(platform, KeyAlgorithm.EC_P256);
        String email = "signer-" + UUID.randomUUID() + "@test.local";
        context.getBean(AccountService.class).ensureSigner(email, IssuanceFixtures.PASSWORD, credential.userId()).block();
        String holder = accounts.login(email);

        holderRevoke(credential, holder, SigningFixtures.PIN, holderCode(credential, holder)).expectStatus().isOk()
                .expectBody().jsonPath("$.status").isEqualTo("REVOKED");
        // and a credential the same account obtained through issuance, held under the account's own id
        Credential issued = fixtures.credential(platform, KeyAlgorithm.EC_P256);
        heldBy(issued.id(), holder);
        holderRevoke(issued, holder, SigningFixtures.PIN, holderCode(issued, holder)).expectStatus().isOk();
    }

    @Test
    void ocspAnswersUnknownForSerialsItNeverIssuedAndEchoesTheNonce() throws Exception {
        X509Certificate issuer = context.getBean(CertificateAuthority.class).chain().getFirst();
        CertificateID unknown = new CertificateID(new JcaDigestCalculatorProviderBuilder().build().get(CertificateID.HASH_SHA1),
                new JcaX509CertificateHolder(issuer), new BigInteger(64, new SecureRandom()));
        byte[] nonce = "a nonce of sixteen".getBytes(StandardCharsets.US_ASCII);
        // RFC 8954: the extension's value is the DER of an OCTET STRING holding the nonce
        byte[] nonceValue = new DEROctetString(nonce).getEncoded();
        OCSPReq request = new OCSPReqBuilder().addRequest(unknown).setRequestExtensions(new Extensions(new Extension(
                OCSPObjectIdentifiers.id_pkix_ocsp_nonce, false, nonceValue))).build();

        OCSPResp response = new OCSPResp(post(request.getEncoded()));
        assertThat(response.getStatus()).isEqualTo(OCSPResp.SUCCESSFUL);
        BasicOCSPResp basic = (BasicOCSPResp) response.getResponseObject();
        X509Certificate responder = context.getBean(OcspResponder.class).chain().getFirst();
        assertThat(basic.isSignatureValid(new JcaContentVerifierProviderBuilder().build(responder.getPublicKey()))).isTrue();
        assertThat(basic.getResponses()[0].getCertStatus()).isInstanceOf(UnknownStatus.class);
        assertThat(basic.getExtension(OCSPObjectIdentifiers.id_pkix_ocsp_nonce).getExtnValue().getOctets())
                .isEqualTo(nonceValue);
        assertThat(responder.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.9");
        assertThat(responder.getNonCriticalExtensionOIDs()).contains(OCSPObjectIdentifiers.id_pkix_ocsp_nocheck.getId());

        // GET (RFC 6960 A.1), cacheable briefly
        String encoded = URLEncoder.encode(Base64.getEncoder().encodeToString(request.getEncoded()), StandardCharsets.US_ASCII);
        byte[] got = web.get().uri(URI.create(base + "/ca/ocsp/" + encoded)).exchange().expectStatus().isOk()
                .expectHeader().contentType("application/ocsp-response")
                .expectHeader().valueMatches("Cache-Control", "max-age=\\d+, must-revalidate, no-transform, public")
                .expectHeader().exists("Last-Modified")
                .expectHeader().valueMatches("ETag", "\"[0-9a-f]{32}\"")
                .expectHeader().exists("Expires")
                .expectBody(byte[].class).returnResult().getResponseBody();
        assertThat(new OCSPResp(got).getStatus()).isEqualTo(OCSPResp.SUCCESSFUL);
        // a client's Accept does not change the protocol's type
        web.get().uri(URI.create(base + "/ca/ocsp/" + encoded)).header("Accept", "application/json").exchange()
                .expectStatus().isOk().expectHeader().contentType("application/ocsp-response");
        web.post().uri(URI.create(base + "/ca/ocsp")).contentType(MediaType.parseMediaType("application/ocsp-request"))
                .header("Accept", "application/octet-stream").bodyValue(request.getEncoded()).exchange()
                .expectStatus().isOk().expectHeader().contentType("application/ocsp-response");
    }

    @Test
    void malformedAndOversizedOcspRequestsGetMalformedRequest() throws Exception {
        assertThat(new OCSPResp(post("not an OCSP request".getBytes(StandardCharsets.US_ASCII))).getStatus())
                .isEqualTo(OCSPResp.MALFORMED_REQUEST);
        assertThat(new OCSPResp(post(new byte[9 * 1024])).getStatus()).isEqualTo(OCSPResp.MALFORMED_REQUEST);
        assertThat(new OCSPResp(post(new byte[0])).getStatus()).isEqualTo(OCSPResp.MALFORMED_REQUEST);
        X509Certificate issuer = context.getBean(CertificateAuthority.class).chain().getFirst();
        byte[] valid = new OCSPReqBuilder().addRequest(new CertificateID(new JcaDigestCalculatorProviderBuilder().build()
                .get(CertificateID.HASH_SHA1), new JcaX509CertificateHolder(issuer), BigInteger.TEN)).build().getEncoded();
        assertThat(new OCSPResp(post(valid)).getStatus()).isEqualTo(OCSPResp.SUCCESSFUL);
        CertificateID ten = new CertificateID(new JcaDigestCalculatorProviderBuilder().build().get(CertificateID.HASH_SHA1),
                new JcaX509CertificateHolder(issuer), BigInteger.TEN);
        // RFC 6960 §4.4: an unknown extension may be ignored only when it is not critical
        Extension unknownCritical = new Extension(new ASN1ObjectIdentifier("1.2.3.4"), true, new DEROctetString(new byte[] {1})
                .getEncoded());
        Extension unknownPlain = new Extension(new ASN1ObjectIdentifier("1.2.3.4"), false, new DEROctetString(new byte[] {1})
                .getEncoded());
        assertThat(new OCSPResp(post(new OCSPReqBuilder().addRequest(ten).setRequestExtensions(new Extensions(unknownCritical))
                .build().getEncoded())).getStatus()).as("an unknown critical extension").isEqualTo(OCSPResp.MALFORMED_REQUEST);
        assertThat(new OCSPResp(post(new OCSPReqBuilder().addRequest(ten, new Extensions(unknownCritical)).build().getEncoded()))
                .getStatus()).as("an unknown critical extension of one certificate").isEqualTo(OCSPResp.MALFORMED_REQUEST);
        assertThat(new OCSPResp(post(new OCSPReqBuilder().addRequest(ten).setRequestExtensions(new Extensions(unknownPlain))
                .build().getEncoded())).getStatus()).as("an unknown extension, not critical").isEqualTo(OCSPResp.SUCCESSFUL);
        // RFC 8954: a nonce has 1 to 32 octets
        Extension emptyNonce = new Extension(OCSPObjectIdentifiers.id_pkix_ocsp_nonce, false, new DEROctetString(new byte[0])
                .getEncoded());
        assertThat(new OCSPResp(post(new OCSPReqBuilder().addRequest(ten).setRequestExtensions(new Extensions(emptyNonce))
                .build().getEncoded())).getStatus()).as("an empty nonce").isEqualTo(OCSPResp.MALFORMED_REQUEST);
        // only version 1 (encoded 0) exists; 2 is malformed, and so is one beyond an int
        for (long version : new long[] {1, 1L << 40}) {
            ASN1EncodableVector tbs = new ASN1EncodableVector();
            tbs.add(new DERTaggedObject(true, 0, new ASN1Integer(version)));
            tbs.add(OCSPRequest.getInstance(valid).getTbsRequest().getRequestList());
            byte[] versioned = new OCSPRequest(TBSRequest.getInstance(new DERSequence(tbs)), null).getEncoded();
            assertThat(new OCSPResp(post(versioned)).getStatus()).as("version " + version).isEqualTo(OCSPResp.MALFORMED_REQUEST);
        }
        // 2,000 nested SEQUENCEs in under 8 kB overflowed the parser's stack on a cold event loop: the connection dropped
        assertThat(new OCSPResp(post(NestedDer.sequences(2_000))).getStatus()).as("nested 2,000 deep")
                .isEqualTo(OCSPResp.MALFORMED_REQUEST);
        byte[] trailing = java.util.Arrays.copyOf(valid, valid.length + 3);
        assertThat(new OCSPResp(post(trailing)).getStatus()).as("bytes after the request").isEqualTo(OCSPResp.MALFORMED_REQUEST);
        // DER, as RFC 6960 defines the request: its length in long form, or its DEFAULT version sent, is another encoding
        assertThat(valid[1] & 0xff).as("a short request: its outer length has one octet").isLessThan(0x80);
        byte[] longForm = new byte[valid.length + 1];
        longForm[0] = valid[0];
        longForm[1] = (byte) 0x81;
        System.arraycopy(valid, 1, longForm, 2, valid.length - 1);
        assertThat(new OCSPResp(post(longForm)).getStatus()).as("a long-form length").isEqualTo(OCSPResp.MALFORMED_REQUEST);
        ASN1EncodableVector withDefault = new ASN1EncodableVector();
        withDefault.add(new DERTaggedObject(true, 0, new ASN1Integer(0)));
        withDefault.add(OCSPRequest.getInstance(valid).getTbsRequest().getRequestList());
        byte[] defaultSent = new OCSPRequest(TBSRequest.getInstance(new DERSequence(withDefault)), null).getEncoded();
        assertThat(new OCSPResp(post(defaultSent)).getStatus()).as("version v1 sent").isEqualTo(OCSPResp.MALFORMED_REQUEST);
        // an unsigned refusal is not for caches to keep
        byte[] got = web.get().uri(base + "/ca/ocsp/%25%25%25").exchange().expectStatus().isOk()
                .expectHeader().cacheControl(CacheControl.noStore())
                .expectBody(byte[].class).returnResult().getResponseBody();
        assertThat(new OCSPResp(got).getStatus()).isEqualTo(OCSPResp.MALFORMED_REQUEST);
        evenIfCutShort(() -> unpooled().post().uri("/ca/ocsp").contentType(OCSP_REQUEST).bodyValue(new byte[2 * 1024 * 1024])
                .exchange().expectStatus().isEqualTo(HttpStatus.CONTENT_TOO_LARGE));
    }

    /** Well-formed DER whose fields have the wrong types: the request's fault, never a server error (RFC 6960 §2.3). */
    @Test
    void anOcspRequestWithFieldsOfTheWrongTypeGetsMalformedRequest() throws Exception {
        AlgorithmIdentifier sha1 = new AlgorithmIdentifier(new ASN1ObjectIdentifier("1.3.14.3.2.26"), DERNull.INSTANCE);
        DEROctetString hash = new DEROctetString(new byte[20]);
        ASN1Integer serial = new ASN1Integer(10);
        List<ASN1Encodable[]> certIds = List.of(
                new ASN1Encodable[] {sha1, new DERTaggedObject(false, 0, hash), hash, serial},
                new ASN1Encodable[] {sha1, hash},
                new ASN1Encodable[] {sha1, hash, hash, hash},
                new ASN1Encodable[] {serial, hash, hash, serial});
        for (ASN1Encodable[] certId : certIds) {
            DERSequence request = new DERSequence(new DERSequence(certId));
            assertThat(new OCSPResp(post(ocspRequest(request, null))).getStatus()).as("CertID %s", List.of(certId))
                    .isEqualTo(OCSPResp.MALFORMED_REQUEST);
        }
        DERSequence goodCertId = new DERSequence(new ASN1Encodable[] {sha1, hash, hash, serial});
        DERSequence badSingleExtensions = new DERSequence(new ASN1Encodable[] {goodCertId,
            new DERTaggedObject(true, 0, new ASN1Integer(1))});
        assertThat(new OCSPResp(post(ocspRequest(badSingleExtensions, null))).getStatus()).as("single extensions")
                .isEqualTo(OCSPResp.MALFORMED_REQUEST);
        Extension integerNonce = new Extension(OCSPObjectIdentifiers.id_pkix_ocsp_nonce, false, new ASN1Integer(5).getEncoded());
        assertThat(new OCSPResp(post(ocspRequest(new DERSequence(goodCertId), new Extensions(integerNonce)))).getStatus())
                .as("a nonce of a type of its own").isIn(OCSPResp.MALFORMED_REQUEST, OCSPResp.SUCCESSFUL);
        assertThat(new OCSPResp(post(ocspRequest(new DERSequence(goodCertId), null))).getStatus()).as("the control")
                .isEqualTo(OCSPResp.SUCCESSFUL);
    }

    private static byte[] ocspRequest(ASN1Encodable singleRequest, Extensions requestExtensions) throws IOException {
        ASN1EncodableVector tbs = new ASN1EncodableVector();
        tbs.add(new DERSequence(singleRequest));
        if (requestExtensions != null) {
            tbs.add(new DERTaggedObject(true, 2, requestExtensions));
        }
        return new DERSequence(new DERSequence(tbs)).getEncoded();
    }

    @Test
    void concurrentPublicationsNeverPublishOneCrlNumberTwice() {
        CrlPublisher issuing = context.getBean(CrlPublishers.class).issuing();
        long before = issuing.publish(Instant.now()).block().number();

        List<CrlStore.Published> published = Flux.range(0, 8)
                .flatMap(i -> issuing.publish(Instant.now())
                        .subscribeOn(Schedulers.boundedElastic()))
                .collectList().block();

        long after = issuing.publish(Instant.EPOCH).block().number();
        assertThat(after - before).isBetween(1L, 8L);
        Map<Long, List<String>> byNumber = published.stream().collect(Collectors.groupingBy(
                CrlStore.Published::number, Collectors.mapping(
                        p -> Base64.getEncoder().encodeToString(p.der().orElseThrow()), Collectors.toList())));
        assertThat(byNumber.keySet()).allSatisfy(number -> assertThat(number).isBetween(before + 1, after));
        // one number, one CRL: whoever lost the race serves the winner's
        assertThat(byNumber.values()).allSatisfy(ders -> assertThat(ders).containsOnly(ders.getFirst()));
    }

    /**
     * A revocation committed whose own CRL never came (the gateway stopped right after the commit, or the publication
     * failed after the 200) is on the CRL after the next check, not only when the current CRL falls due hours later.
     */
    @Test
    void aChangeWhoseOwnPublicationNeverCameIsOnTheCrlAfterTheNextCheck() throws Exception {
        Credential credential = fixtures.credential(platform, KeyAlgorithm.EC_P256);
        BigInteger serial = credential.certificate().orElseThrow().getSerialNumber();
        CrlPublisher issuing = context.getBean(CrlPublishers.class).issuing();
        long before = issuing.publish(Instant.now()).block().number();

        CertificateRegistry registry = context.getBean(CertificateRegistry.class);
        assertThat(registry.revoke(serial, 1, Instant.now()).block()).isTrue();
        byte[] served = issuing.current().block();
        // the other test contexts still running share the database: their own periodic checks may publish meanwhile
        if (stored(issuing).number() == before) {
            assertThat(revokedOn(served, serial)).as("not due: the current CRL is served as it is").isFalse();
        }

        issuing.check().block();
        CrlStore.Published after = stored(issuing);
        assertThat(after.number()).isGreaterThan(before);
        assertThat(revokedOn(after.der().orElseThrow(), serial)).isTrue();
        issuing.check().block();
        if (CrlPublisher.lists(after.der().orElseThrow(), registry.listed(Instant.now()).collectList().block())) {
            assertThat(stored(issuing).number()).as("caught up: no further CRL").isEqualTo(after.number());
        }
    }

    /**
     * A change committed while another change's CRL was reading its entries: that CRL is newer than the change began, and
     * does not list it. The change's own publication comes after its commit; and were it lost, the next check sees the
     * CRL does not list what the register does.
     */
    @Test
    void aChangeCommittedWhileANewerCrlWasMadeIsOnTheCrlAfterTheNextCheck() throws Exception {
        Credential credential = fixtures.credential(platform, KeyAlgorithm.EC_P256);
        BigInteger serial = credential.certificate().orElseThrow().getSerialNumber();
        CrlPublisher issuing = context.getBean(CrlPublishers.class).issuing();
        CertificateRegistry registry = context.getBean(CertificateRegistry.class);
        org.springframework.transaction.reactive.TransactionalOperator tx =
                context.getBean(org.springframework.transaction.reactive.TransactionalOperator.class);
        java.util.concurrent.atomic.AtomicReference<CrlStore.Published> madeMeanwhile = new java.util.concurrent.atomic.AtomicReference<>();

        // the revocation's transaction is open while a CRL is made on another connection, after the revocation began
        tx.transactional(registry.revoke(serial, 1, Instant.now())
                .flatMap(revoked -> reactor.core.publisher.Mono.fromFuture(() -> issuing.publish(Instant.now().plusMillis(1))
                        .toFuture()))
                .doOnNext(madeMeanwhile::set)).block();
        assertThat(revokedOn(madeMeanwhile.get().der().orElseThrow(), serial)).as("made before the commit").isFalse();

        issuing.check().block();
        assertThat(revokedOn(stored(issuing).der().orElseThrow(), serial)).isTrue();
    }

    /** Every CRL is made in a later second than the one before it: its thisUpdate, and Last-Modified, tell them apart. */
    @Test
    void crlsPublishedInOneSecondHaveDifferentThisUpdates() throws Exception {
        CrlPublisher issuing = context.getBean(CrlPublishers.class).issuing();
        CrlStore.Published first = issuing.publish(Instant.now()).block();
        CrlStore.Published second = issuing.publish(Instant.now()).block();
        assertThat(second.number()).isGreaterThan(first.number());
        assertThat(second.thisUpdate().orElseThrow().getEpochSecond()).isGreaterThan(first.thisUpdate().orElseThrow().getEpochSecond());
    }

    /** The CRL stored now, as it is (any CRL was made at or after the epoch). */
    private static CrlStore.Published stored(CrlPublisher issuing) {
        return issuing.publish(Instant.EPOCH).block();
    }

    private static boolean revokedOn(byte[] der, BigInteger serial) throws Exception {
        java.security.cert.X509CRL crl = (java.security.cert.X509CRL) java.security.cert.CertificateFactory.getInstance("X.509")
                .generateCRL(new java.io.ByteArrayInputStream(der));
        return crl.getRevokedCertificate(serial) != null;
    }

    @Test
    void theTimestampingSealAndOcspCertificatesAreKnownToOcsp() throws Exception {
        X509Certificate unit = context.getBean(TimestampAuthority.class).chain().getFirst();
        X509Certificate seal = context.getBean(QtspSeal.class).chain().getFirst();
        X509Certificate responder = context.getBean(OcspResponder.class).chain().getFirst();
        assertThat(ocsp(unit)).contains(": good");
        assertThat(ocsp(seal)).contains(": good");
        assertThat(ocsp(responder)).contains(": good");
    }

    private String ocsp(X509Certificate certificate) throws Exception {
        Path cert = pem("asked-" + certificate.getSerialNumber().toString(16) + ".pem", certificate);
        return Processes.run("openssl", "ocsp", "-issuer", issuing.toString(), "-cert", cert.toString(), "-url", base + "/ca/ocsp",
                "-CAfile", root.toString(), "-verify_other", issuing.toString(), "-resp_text");
    }

    private Path crl(String name) throws Exception {
        EntityExchangeResult<byte[]> got = web.get().uri("/ca/crl").exchange().expectStatus().isOk()
                .expectHeader().contentType("application/pkix-crl")
                .expectHeader().valueMatches("ETag", "\"[0-9a-f]{32}\"")
                .expectHeader().exists("Last-Modified")
                .expectBody(byte[].class).returnResult();
        byte[] der = got.getResponseBody();
        // a relying party's cache revalidates the CRL it holds: unchanged, it is not sent again
        web.get().uri("/ca/crl").ifNoneMatch(got.getResponseHeaders().getETag()).exchange()
                .expectStatus().isNotModified();
        // and "*", any current one (RFC 9110 §13.1.2): there is one
        for (String path : List.of("/ca/crl", "/ca/issuing-ca.cer")) {
            web.get().uri(path).header(HttpHeaders.IF_NONE_MATCH, "*").exchange().expectStatus().isNotModified()
                    .expectHeader().exists("ETag").expectBody().isEmpty();
        }
        Path file = Files.write(dir.resolve(name + ".der"), der);
        Path pem = dir.resolve(name);
        Processes.run("openssl", "crl", "-inform", "DER", "-in", file.toString(), "-out", pem.toString());
        Processes.run("openssl", "crl", "-in", pem.toString(), "-noout", "-CAfile", issuing.toString());
        return pem;
    }

    private static BigInteger crlNumber(Path crl) {
        String out = Processes.run("openssl", "crl", "-in", crl.toString(), "-noout", "-crlnumber");
        // crlNumber=0x2A
        return new BigInteger(out.trim().substring(out.indexOf("=0x") + 3), 16);
    }

    private byte[] post(byte[] body) {
        return web.post().uri("/ca/ocsp").contentType(OCSP_REQUEST).bodyValue(body).exchange()
                .expectStatus().isOk().expectHeader().contentType("application/ocsp-response")
                .expectBody(byte[].class).returnResult().getResponseBody();
    }

    private String holderCode(Credential credential, String holder) {
        redis().delete("otp:{revoke:credential:" + credential.id() + "}:cooldown",
                "otp:rate:subject:{revoke:credential:" + credential.id() + "}").block();
        web.post().uri("/api/v1/certificates/{id}/revoke/challenge", credential.id()).headers(h -> h.setBearerAuth(holder))
                .exchange().expectStatus().isAccepted();
        return CscClient.lastCodeFor(credential.phone()).orElseThrow();
    }

    private WebTestClient.ResponseSpec holderRevoke(Credential credential,
            String holder, String pin, String otp) {
        return web.post().uri("/api/v1/certificates/{id}/revoke", credential.id()).headers(h -> h.setBearerAuth(holder))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("pin", pin, "otp", otp, "reason", "superseded"))
                .exchange();
    }

    private String freshCode(Credential credential) {
        redis().delete("otp:{credential:" + credential.id() + "}:cooldown", "otp:rate:subject:{credential:" + credential.id() + "}")
                .block();
        return client.challenge(credential.id(), credential.phone());
    }

    private ReactiveStringRedisTemplate redis() {
        return context.getBean(ReactiveStringRedisTemplate.class);
    }

    /** An operator of a new organisation, as if that organisation had issued the credential. */
    private IssuanceFixtures.Operator issuingOperatorOf(Credential credential) {
        IssuanceFixtures.Operator operator = accounts.newOperator(accounts.newOrganisationAdmin());
        issuedByOrganisationOf(credential.id(), operator.email());
        return operator;
    }

    private void issuedByOrganisationOf(String credentialId, String operatorEmail) {
        db().sql("UPDATE credential SET organisation_id = (SELECT organisation_id FROM user_account WHERE email = :email) "
                        + "WHERE id = :id")
                .bind("email", operatorEmail).bind("id", credentialId).then().block();
    }

    /** As if the credential had been issued to the applicant signed in with {@code token}. */
    private void heldBy(String credentialId, String token) {
        Map<?, ?> me = web.get().uri("/api/v1/accounts/me").headers(h -> h.setBearerAuth(token)).exchange()
                .expectStatus().isOk().expectBody(Map.class).returnResult().getResponseBody();
        db().sql("UPDATE credential SET user_id = :user WHERE id = :id").bind("user", me.get("id").toString())
                .bind("id", credentialId).then().block();
    }

    private String audited(String credentialId, String operation) {
        return db().sql("SELECT result FROM audit_record WHERE credential_id = :id AND operation = :op ORDER BY seq DESC LIMIT 1")
                .bind("id", credentialId).bind("op", operation).map(row -> row.get("result", String.class)).one().block();
    }

    /** An operator of the issuing organisation suspends the credential's certificate, releases it, then revokes it. */
    private void suspendReleaseAndRevoke(Credential credential, String reason) {
        IssuanceFixtures.Operator operator = issuingOperatorOf(credential);
        for (String change : List.of("suspend", "release")) {
            web.post().uri("/api/v1/operator/credentials/{id}/" + change, credential.id())
                    .headers(h -> h.setBearerAuth(operator.token())).exchange().expectStatus().isOk();
        }
        web.post().uri("/api/v1/operator/credentials/{id}/revoke", credential.id()).headers(h -> h.setBearerAuth(operator.token()))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("reason", reason)).exchange().expectStatus().isOk();
    }

    /** The texts of the notifications written for {@code phone}, oldest first. */
    private List<String> notices(String phone) {
        return db().sql("SELECT body FROM notification_outbox WHERE recipient = :phone ORDER BY id").bind("phone", phone)
                .map(row -> row.get("body", String.class)).all().collectList().block();
    }

    private long unsent(String phone) {
        return db().sql("SELECT count(*) AS n FROM notification_outbox WHERE recipient = :phone AND sent_at IS NULL")
                .bind("phone", phone).map(row -> row.get("n", Long.class)).one().block();
    }

    private List<String> notified(String phone) {
        return db().sql("SELECT kind FROM notification_outbox WHERE recipient = :phone").bind("phone", phone)
                .map(row -> row.get("kind", String.class)).all().collectList().block();
    }

    private DatabaseClient db() {
        return context.getBean(DatabaseClient.class);
    }

    private Path pem(String name, X509Certificate certificate) throws Exception {
        return Files.writeString(dir.resolve(name), "-----BEGIN CERTIFICATE-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(certificate.getEncoded())
                + "\n-----END CERTIFICATE-----\n");
    }
}
