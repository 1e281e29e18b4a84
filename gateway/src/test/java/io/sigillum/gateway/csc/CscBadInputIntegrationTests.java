package io.sigillum.gateway.csc;

import static org.assertj.core.api.Assertions.assertThat;

import io.sigillum.gateway.auth.PlatformClient;
import io.sigillum.gateway.credential.Credential;
import io.sigillum.gateway.support.CscClient;
import io.sigillum.gateway.support.PlatformIntegrationTest;
import io.sigillum.gateway.support.SigningFixtures;
import io.sigillum.signer.algorithm.KeyAlgorithm;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import tools.jackson.databind.JsonNode;

/** Every kind of bad input gets a CSC error, signs nothing, and leaves a valid SAD usable. */
class CscBadInputIntegrationTests extends PlatformIntegrationTest {


    Credential credential;
    String hash;

    @BeforeEach
    void setUp() {
        credential = fixtures.credential(platform, KeyAlgorithm.EC_P256, "user-" + java.util.UUID.randomUUID(), 10);
        hash = CscClient.sha256("document");
    }

    private void expectError(String method, Object body, String error, String descriptionPart) {
        client.call(method, body).expectStatus().isBadRequest()
                .expectHeader().contentType(MediaType.APPLICATION_JSON)
                .expectBody()
                .jsonPath("$.error").isEqualTo(error)
                .jsonPath("$.error_description").value(d -> assertThat((String) d).contains(descriptionPart));
    }

    /** The CSC samples disagree on whether one hash is sent as an array or a bare string; clients send both. */
    @Test
    void aBareStringOfHashesIsReadAsOneHash() throws Exception {
        String sad = client.ok("credentials/authorize", Map.of("credentialID", credential.id(), "numSignatures", 1, "hashes", hash,
                "hashAlgorithmOID", CscClient.SHA256, "authData", List.of(Map.of("id", "PIN", "value", SigningFixtures.PIN),
                        Map.of("id", "OTP", "value", client.challenge(credential.id(), credential.phone())))))
                .get("SAD").asString();
        JsonNode signed = client.ok("signatures/signHash", Map.of("credentialID", credential.id(), "SAD", sad, "hashes", hash,
                "signAlgo", CscClient.ECDSA_SHA256));
        assertThat(signed.get("signatures")).hasSize(1);
        java.security.Signature verifier = java.security.Signature.getInstance("NONEwithECDSA");
        verifier.initVerify(credential.certificate().orElseThrow().getPublicKey());
        verifier.update(Base64.getDecoder().decode(hash));
        assertThat(verifier.verify(Base64.getDecoder().decode(signed.get("signatures").get(0).asString()))).isTrue();
    }

    /** ECDSA named by the key's OID (id-ecPublicKey) and the hash apart, as the EUDI rQES client names it, signs. */
    @Test
    void ecdsaNamedByTheKeysOidSignsWithTheNamedHash() throws Exception {
        String sad = client.ok("credentials/authorize", Map.of("credentialID", credential.id(), "numSignatures", 1, "hashes",
                List.of(hash), "hashAlgorithmOID", CscClient.SHA256, "authData", List.of(Map.of("id", "PIN", "value",
                        SigningFixtures.PIN), Map.of("id", "OTP", "value", client.challenge(credential.id(), credential.phone())))))
                .get("SAD").asString();
        expectError("signatures/signHash", Map.of("credentialID", credential.id(), "SAD", sad, "hashes", List.of(hash),
                "signAlgo", "1.2.840.10045.2.1"), "invalid_request", "hashAlgorithmOID");
        JsonNode signed = client.ok("signatures/signHash", Map.of("credentialID", credential.id(), "SAD", sad, "hashes",
                List.of(hash), "hashAlgorithmOID", CscClient.SHA256, "signAlgo", "1.2.840.10045.2.1"));
        java.security.Signature verifier = java.security.Signature.getInstance("NONEwithECDSA");
        verifier.initVerify(credential.certificate().orElseThrow().getPublicKey());
        verifier.update(Base64.getDecoder().decode(hash));
        assertThat(verifier.verify(Base64.getDecoder().decode(signed.get("signatures").get(0).asString()))).isTrue();
    }

    /** Two PINs, one in authData and one as v1's own field: which was checked would depend on the reader. */
    @Test
    void aPinOrCodeGivenBothInAuthDataAndAsItsOwnFieldIsRefused() {
        for (String id : List.of("PIN", "OTP")) {
            Map<String, Object> body = new java.util.HashMap<>(Map.of("credentialID", credential.id(), "numSignatures", 1,
                    "hashes", List.of(hash), "hashAlgorithmOID", CscClient.SHA256, "authData", List.of(
                            Map.of("id", "PIN", "value", SigningFixtures.PIN), Map.of("id", "OTP", "value", "123456"))));
            body.put(id, "00000000");
            expectError("credentials/authorize", body, "invalid_request", id + " is given both in authData");
        }
    }

    /** The asynchronous mode's parameters mean nothing in the synchronous one, but a value of another type is a mistake. */
    @Test
    void validityPeriodAndResponseUriAreOfTheirTypes() {
        for (Object period : List.of(List.of(1), Map.of(), "x", -5, 0, 1.5e300)) {
            expectError("signatures/signHash", Map.of("credentialID", credential.id(), "SAD", "x", "hashes", List.of(hash),
                    "signAlgo", CscClient.ECDSA_SHA256, "validity_period", period), "invalid_request", "validity_period");
        }
        expectError("signatures/signHash", Map.of("credentialID", credential.id(), "SAD", "x", "hashes", List.of(hash),
                "signAlgo", CscClient.ECDSA_SHA256, "response_uri", 5), "invalid_request", "response_uri");
        expectError("signatures/signHash", Map.of("credentialID", credential.id(), "SAD", "x", "hashes", List.of(hash),
                "signAlgo", CscClient.ECDSA_SHA256, "validity_period", 60000, "response_uri", "https://platform.example/done"),
                "invalid_request", "SAD");
    }

    /** The CSC error table: a method the service does not implement is 501, not the 404 of a wrong base URL. */
    @Test
    void methodsOfTheApiNotImplementedHereAre501AndUnknownOnes404() {
        for (String method : List.of("auth/login", "credentials/authorizeCheck", "signatures/signPolling", "credentials/create",
                "credentials/delete")) {
            client.call(method, Map.of()).expectStatus().isEqualTo(501).expectBody()
                    .jsonPath("$.error").isEqualTo("invalid_request")
                    .jsonPath("$.error_description").value(d -> assertThat((String) d).contains(method + " is not implemented"));
        }
        client.call("credentials/frobnicate", Map.of()).expectStatus().isNotFound();
    }

    @Test
    void missingAndMistypedFieldsAreNamed() {
        expectError("credentials/info", Map.of(), "invalid_request", "Missing (or invalid type) string parameter credentialID");
        expectError("credentials/info", Map.of("credentialID", 42), "invalid_request", "string parameter credentialID");
        expectError("credentials/info", Map.of("credentialID", credential.id(), "lang", 42), "invalid_request", "parameter lang");
        expectError("credentials/list", Map.of(), "invalid_request", "string parameter userID");
        // the optional strings of every method are strings wherever they are sent, read or not
        expectError("credentials/list", Map.of("userID", credential.userId(), "lang", 5), "invalid_request", "string parameter lang");
        expectError("credentials/list", Map.of("userID", credential.userId(), "clientData", List.of()), "invalid_request",
                "string parameter clientData");
        expectError("signatures/signHash", Map.of("credentialID", credential.id(), "SAD", "x", "hashes", List.of(hash),
                "signAlgo", CscClient.ECDSA_SHA256, "clientData", 7), "invalid_request", "string parameter clientData");
        client.call("credentials/list", Map.of("userID", credential.userId(), "clientData", "")).expectStatus().isOk();
        // an empty language tag is a string: the default language, as for one the service does not offer
        client.call("credentials/info", Map.of("credentialID", credential.id(), "lang", "")).expectStatus().isOk();
        client.call("info", Map.of("lang", "")).expectStatus().isOk();
        expectError("credentials/authorize", Map.of("credentialID", credential.id(), "numSignatures", "one"),
                "invalid_request", "integer parameter numSignatures");
        expectError("signatures/signHash", Map.of("credentialID", credential.id(), "SAD", "x", "hashes", List.of(hash)),
                "invalid_request", "string parameter signAlgo");
        expectError("signatures/signHash", Map.of("credentialID", credential.id(), "SAD", "x", "hashes", List.of(),
                "signAlgo", CscClient.ECDSA_SHA256), "invalid_request", "Empty hash array");
        // hashes is an array of strings; a number or an object is not one (a bare string is read as one: see below)
        expectError("signatures/signHash", Map.of("credentialID", credential.id(), "SAD", "x", "hashes", 7,
                "signAlgo", CscClient.ECDSA_SHA256), "invalid_request", "array parameter hashes");
        expectError("credentials/authorize", Map.of("credentialID", credential.id(), "numSignatures", 1, "hashes", Map.of("h", hash),
                "hashAlgorithmOID", CscClient.SHA256), "invalid_request", "array parameter hashes");
        expectError("credentials/extendTransaction", Map.of("credentialID", credential.id(), "SAD", "x", "hashes", true),
                "invalid_request", "array parameter hashes");
    }

    @Test
    void unknownAndForeignCredentialsLookTheSame() {
        PlatformClient other = fixtures.platform();
        Credential foreign = fixtures.credential(other, KeyAlgorithm.EC_P256);
        expectError("credentials/info", Map.of("credentialID", "no-such-credential"), "invalid_request", "Invalid parameter credentialID");
        expectError("credentials/info", Map.of("credentialID", foreign.id()), "invalid_request", "Invalid parameter credentialID");
        expectError("credentials/getChallenge", Map.of("credentialID", foreign.id()), "invalid_request", "Invalid parameter credentialID");
        assertThat(CscClient.lastCodeFor(foreign.phone())).isEmpty();
    }

    @Test
    void invalidBase64AndWrongDigestLengthsAreRefused() {
        String otp = client.challenge(credential.id(), credential.phone());
        expectError("credentials/authorize", CscClient.authorizeBody(credential.id(), List.of("%%%not-base64"), 1,
                SigningFixtures.PIN, otp), "invalid_request", "Invalid Base64 hash string parameter");
        String shortDigest = Base64.getEncoder().encodeToString(new byte[20]);
        expectError("credentials/authorize", CscClient.authorizeBody(credential.id(), List.of(shortDigest), 1,
                SigningFixtures.PIN, otp), "invalid_request", "Invalid digest value length");
        expectError("signatures/signHash", CscClient.signHashBody(credential.id(), "sad", List.of(shortDigest)),
                "invalid_request", "Invalid digest value length");
    }

    @Test
    void unknownOrDisallowedAlgorithmsAreRefused() {
        Map<String, Object> unknownHash = new HashMap<>(CscClient.authorizeBody(credential.id(), List.of(hash), 1, "x", "y"));
        unknownHash.put("hashAlgorithmOID", "1.3.14.3.2.26"); // SHA-1
        expectError("credentials/authorize", unknownHash, "invalid_request", "Invalid parameter hashAlgorithmOID");

        Map<String, Object> rsaOnEcKey = new HashMap<>(CscClient.signHashBody(credential.id(), "sad", List.of(hash)));
        rsaOnEcKey.put("signAlgo", "1.2.840.113549.1.1.11");
        expectError("signatures/signHash", rsaOnEcKey, "invalid_request", "signAlgo");

        Map<String, Object> unknownSignAlgo = new HashMap<>(CscClient.signHashBody(credential.id(), "sad", List.of(hash)));
        unknownSignAlgo.put("signAlgo", "1.2.3.4");
        expectError("signatures/signHash", unknownSignAlgo, "invalid_request", "signAlgo");

        Map<String, Object> contradiction = new HashMap<>(CscClient.signHashBody(credential.id(), "sad", List.of(hash)));
        contradiction.put("hashAlgorithmOID", "2.16.840.1.101.3.4.2.2");
        expectError("signatures/signHash", contradiction, "invalid_request", "signAlgo");
    }

    @Test
    void numSignaturesMustBePositiveAndWithinMultisign() {
        String otp = client.challenge(credential.id(), credential.phone());
        expectError("credentials/authorize", CscClient.authorizeBody(credential.id(), List.of(hash), 0, SigningFixtures.PIN, otp),
                "invalid_request", "Invalid value for parameter numSignatures");
        expectError("credentials/authorize", CscClient.authorizeBody(credential.id(), List.of(hash), 11, SigningFixtures.PIN, otp),
                "invalid_request", "Numbers of signatures is too high");
    }

    @Test
    void moreHashesThanTheConfiguredMaximumAreRefused() {
        List<String> tooMany = java.util.Collections.nCopies(1001, hash);
        expectError("signatures/signHash", CscClient.signHashBody(credential.id(), "sad", tooMany), "invalid_request", "Too many hashes");
    }

    @Test
    void aHashOutsideTheSadIsRefusedAndTheSadStillSignsItsOwnHash() {
        String sad = client.authorize(credential.id(), List.of(hash), 1, SigningFixtures.PIN,
                client.challenge(credential.id(), credential.phone()));

        expectError("signatures/signHash", CscClient.signHashBody(credential.id(), sad, List.of(CscClient.sha256("other"))),
                "invalid_request", "Hash is not authorized by the SAD");

        assertThat(client.ok("signatures/signHash", CscClient.signHashBody(credential.id(), sad, List.of(hash)))
                .get("signatures")).hasSize(1);
    }

    @Test
    void theFirstHashOutsideTheSadIsNamedEvenPastTheFirstFiveHundred() {
        Credential batch = fixtures.credential(platform, KeyAlgorithm.EC_P256);
        List<String> hashes = java.util.stream.IntStream.range(0, 600).mapToObj(i -> CscClient.sha256("doc " + i)).toList();
        String sad = client.authorize(batch.id(), hashes, 600, SigningFixtures.PIN, client.challenge(batch.id(), batch.phone()));
        List<String> oneOutside = new java.util.ArrayList<>(hashes);
        oneOutside.set(550, CscClient.sha256("other"));
        oneOutside.set(599, CscClient.sha256("another"));

        expectError("signatures/signHash", CscClient.signHashBody(batch.id(), sad, oneOutside),
                "invalid_request", "Hash is not authorized by the SAD (hashes[550])");
        expectError("signatures/signHash", CscClient.signHashBody(batch.id(), sad, List.of(hashes.get(1),
                CscClient.sha256("other"))), "invalid_request", "Hash is not authorized by the SAD (hashes[1])");

        assertThat(client.ok("signatures/signHash", CscClient.signHashBody(batch.id(), sad, hashes))
                .get("signatures")).hasSize(600);
    }

    @Test
    void theAuthorizedHashesSignAsAWholeInAnotherOrderOrInPartsAndNeverBeyondTheSignaturesAllowed() {
        List<String> hashes = List.of(CscClient.sha256("a"), CscClient.sha256("b"), CscClient.sha256("c"));
        String sad = client.authorize(credential.id(), hashes, 3, SigningFixtures.PIN,
                client.challenge(credential.id(), credential.phone()));

        assertThat(client.ok("signatures/signHash", CscClient.signHashBody(credential.id(), sad,
                List.of(hashes.get(2), hashes.get(0)))).get("signatures")).hasSize(2);
        // the very list the SAD was given for still counts against what is left of it
        expectError("signatures/signHash", CscClient.signHashBody(credential.id(), sad, hashes),
                "invalid_request", "The SAD allows only 1 more signature(s)");
        // ... and one hash outside it among them is named, wherever it stands
        expectError("signatures/signHash", CscClient.signHashBody(credential.id(), sad,
                List.of(hashes.get(1), CscClient.sha256("other"))), "invalid_request", "Hash is not authorized by the SAD (hashes[1])");
        assertThat(client.ok("signatures/signHash", CscClient.signHashBody(credential.id(), sad, List.of(hashes.get(1))))
                .get("signatures")).hasSize(1);
    }

    @Test
    void theWholeAuthorizedListSignsAlsoForASadStoredWithoutIt() {
        // a SAD that a gateway before the list match made (or whose list is gone) is checked hash by hash
        List<String> hashes = List.of(CscClient.sha256("a"), CscClient.sha256("b"));
        String sad = client.authorize(credential.id(), hashes, 2, SigningFixtures.PIN,
                client.challenge(credential.id(), credential.phone()));
        assertThat(context.getBean(org.springframework.data.redis.core.ReactiveStringRedisTemplate.class).opsForHash()
                .remove("sad:{" + io.sigillum.gateway.sad.SadStore.idOf(sad) + "}", "list").block()).isEqualTo(1L);

        expectError("signatures/signHash", CscClient.signHashBody(credential.id(), sad, List.of(hashes.get(0),
                CscClient.sha256("other"))), "invalid_request", "Hash is not authorized by the SAD (hashes[1])");
        assertThat(client.ok("signatures/signHash", CscClient.signHashBody(credential.id(), sad, hashes))
                .get("signatures")).hasSize(2);
    }

    @Test
    void aReusedOrUnknownSadIsRefused() {
        String sad = client.authorize(credential.id(), List.of(hash), 1, SigningFixtures.PIN,
                client.challenge(credential.id(), credential.phone()));
        client.ok("signatures/signHash", CscClient.signHashBody(credential.id(), sad, List.of(hash)));

        expectError("signatures/signHash", CscClient.signHashBody(credential.id(), sad, List.of(hash)), "invalid_request",
                "SAD unknown or expired");
        expectError("signatures/signHash", CscClient.signHashBody(credential.id(), "forged-sad", List.of(hash)), "invalid_request",
                "SAD unknown or expired");
    }

    @Test
    void aSadOfAnotherCredentialIsRefused() {
        Credential second = fixtures.credential(platform, KeyAlgorithm.EC_P256);
        String sad = client.authorize(credential.id(), List.of(hash), 1, SigningFixtures.PIN,
                client.challenge(credential.id(), credential.phone()));

        expectError("signatures/signHash", CscClient.signHashBody(second.id(), sad, List.of(hash)), "invalid_request",
                "not issued for this credential");
    }

    @Test
    void wrongOtpIsRefusedWithoutLosingTheCode() {
        String otp = client.challenge(credential.id(), credential.phone());
        String wrong = otp.equals("000000") ? "111111" : "000000";
        expectError("credentials/authorize", CscClient.authorizeBody(credential.id(), List.of(hash), 1, SigningFixtures.PIN, wrong),
                "invalid_otp", "The OTP is invalid");
        assertThat(client.authorize(credential.id(), List.of(hash), 1, SigningFixtures.PIN, otp)).isNotBlank();
    }

    @Test
    void aDescriptionThatIsNotAStringOrLongerThanCscAllowsIsRefused() {
        String otp = client.challenge(credential.id(), credential.phone());
        Map<String, Object> body = new HashMap<>(CscClient.authorizeBody(credential.id(), List.of(hash), 1, SigningFixtures.PIN, otp));
        body.put("description", 42);
        expectError("credentials/authorize", body, "invalid_request", "description");
        body.put("description", "x".repeat(501));
        expectError("credentials/authorize", body, "invalid_request", "description is longer than 500 characters");
        body.put("description", "x".repeat(500));
        client.call("credentials/authorize", body).expectStatus().isOk();
    }

    @Test
    void credentialsListPagesByMaxResultsAndRefusesBadPagingValues() {
        String user = credential.userId();
        List<String> all = new ArrayList<>(List.of(credential.id()));
        for (int i = 0; i < 2; i++) {
            all.add(fixtures.credential(platform, KeyAlgorithm.EC_P256, user, 10).id());
        }
        List<String> seen = new ArrayList<>();
        Map<String, Object> page = new HashMap<>(Map.of("userID", user, "maxResults", 2));
        JsonNode first = client.ok("credentials/list", page);
        first.get("credentialIDs").forEach(id -> seen.add(id.asString()));
        assertThat(seen).hasSize(2);
        page.put("pageToken", first.get("nextPageToken").asString());
        JsonNode second = client.ok("credentials/list", page);
        second.get("credentialIDs").forEach(id -> seen.add(id.asString()));
        assertThat(second.has("nextPageToken")).isFalse();
        assertThat(seen).containsExactlyInAnyOrderElementsOf(all);
        assertThat(client.ok("credentials/list", Map.of("userID", user)).get("credentialIDs")).hasSize(3);

        for (Object bad : List.of(0, -1, "2", 2.5, 9_223_372_036_854_775_807L, Map.of())) {
            expectError("credentials/list", Map.of("userID", user, "maxResults", bad), "invalid_request", "maxResults");
        }
        for (Object bad : List.of("made-up", "p-1", "p99999999999", 7, List.of())) {
            expectError("credentials/list", Map.of("userID", user, "pageToken", bad), "invalid_request", "pageToken");
        }
    }

    @Test
    void wrongPinIsRefusedAndSaysHowManyTriesRemain() {
        String otp = client.challenge(credential.id(), credential.phone());
        expectError("credentials/authorize", CscClient.authorizeBody(credential.id(), List.of(hash), 1, "00000000", otp),
                "invalid_request", "The PIN is invalid (4 attempt(s) left");
    }

    @Test
    void missingOrInvalidTokensGet401() {
        web.post().uri("/csc/v2/credentials/list").contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("userID", "u"))
                .exchange().expectStatus().isUnauthorized().expectBody().jsonPath("$.error").isEqualTo("invalid_token");
        web.post().uri("/csc/v2/credentials/list").headers(h -> h.setBearerAuth(client.token() + "x"))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("userID", "u"))
                .exchange().expectStatus().isUnauthorized().expectBody().jsonPath("$.error").isEqualTo("invalid_token");
    }

    /**
     * A JSON body is UTF-8, strictly: an overlong form of a character (C0 B4 for '4') or UTF-16 would be read by Jackson
     * as the character, and what a proxy or a log sees of a credentialID would not be what is acted on. Real UTF-8 passes.
     */
    @Test
    void aBodyThatIsNotStrictlyUtf8IsRefused() {
        String id = credential.id();
        char last = id.charAt(id.length() - 1);
        ByteArrayOutputStream overlong = new ByteArrayOutputStream(); // the credential's id, its last character in two bytes
        overlong.writeBytes(("{\"credentialID\":\"" + id.substring(0, id.length() - 1)).getBytes(StandardCharsets.US_ASCII));
        overlong.write(0xC0 | (last >> 6));
        overlong.write(0x80 | (last & 0x3F));
        overlong.writeBytes("\"}".getBytes(StandardCharsets.US_ASCII));
        byte[] utf16 = ("{\"credentialID\":\"" + id + "\"}").getBytes(StandardCharsets.UTF_16LE);
        for (byte[] body : List.of(overlong.toByteArray(), utf16)) {
            web.post().uri("/csc/v2/credentials/info").headers(h -> h.setBearerAuth(client.token()))
                    .contentType(MediaType.APPLICATION_JSON).bodyValue(body)
                    .exchange().expectStatus().isBadRequest().expectHeader().contentType(MediaType.APPLICATION_JSON)
                    .expectBody().jsonPath("$.error").isEqualTo("invalid_request")
                    .jsonPath("$.error_description").value(d -> assertThat((String) d).contains("not UTF-8"));
        }
        client.call("credentials/info", Map.of("credentialID", id, "clientData", "Zażółć gęślą jaźń \uD83D\uDE42"))
                .expectStatus().isOk();
    }

    @Test
    void malformedJsonAndOversizedBodiesGetCscErrors() {
        web.post().uri("/csc/v2/signatures/signHash").headers(h -> h.setBearerAuth(client.token()))
                .contentType(MediaType.APPLICATION_JSON).bodyValue("{\"credentialID\": ")
                .exchange().expectStatus().isBadRequest().expectBody().jsonPath("$.error").isEqualTo("invalid_request");
        byte[] big = new byte[2 * 1024 * 1024];
        java.util.Arrays.fill(big, (byte) ' ');
        evenIfCutShort(() -> unpooled().post().uri("/csc/v2/signatures/signHash").headers(h -> h.setBearerAuth(client.token()))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(big)
                .exchange().expectStatus().isEqualTo(HttpStatus.CONTENT_TOO_LARGE)
                .expectBody().jsonPath("$.error").isEqualTo("invalid_request"));
    }

    /**
     * A Content-Length past the limit is refused from the request's head, at once: not a 100 Continue that asks for the
     * body to refuse it after, nor a wait for a body that never comes (which ended in 408 at the deadline).
     */
    @Test
    void aLengthPastTheLimitIsRefusedFromTheHeadAtOnce() throws Exception {
        String head = "POST /csc/v2/signatures/signHash HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + client.token()
                + "\r\nContent-Type: application/json\r\nContent-Length: 2000000\r\nExpect: 100-continue\r\n\r\n";
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
            socket.setSoTimeout(3_000);
            socket.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
            byte[] answer = new byte[12];
            int read = socket.getInputStream().readNBytes(answer, 0, answer.length);
            assertThat(new String(answer, 0, read, StandardCharsets.US_ASCII)).isEqualTo("HTTP/1.1 413");
        }
    }

    @Test
    void signHashAnswersAWrongMethodMediaTypeOrEmptyBodyAsAnyCscMethodWould() {
        String body = "{\"credentialID\":\"" + credential.id() + "\",\"SAD\":\"x\",\"hashes\":[\"" + hash
                + "\"],\"signAlgo\":\"1.2.840.10045.4.3.2\"}";
        web.get().uri("/csc/v2/signatures/signHash").headers(h -> h.setBearerAuth(client.token()))
                .exchange().expectStatus().isEqualTo(HttpStatus.METHOD_NOT_ALLOWED)
                .expectHeader().valueEquals("Allow", "POST,OPTIONS")
                .expectBody().jsonPath("$.error").exists();
        web.options().uri("/csc/v2/signatures/signHash").headers(h -> h.setBearerAuth(client.token()))
                .exchange().expectStatus().isOk()
                .expectHeader().valueEquals("Allow", "POST,OPTIONS");
        // OPTIONS carries no credentials (a CORS preflight cannot): it is answered all the same, and runs nothing
        web.options().uri("/csc/v2/signatures/signHash").exchange().expectStatus().isOk()
                .expectHeader().valueEquals("Allow", "POST,OPTIONS");
        web.options().uri("/csc/v2/credentials/list").exchange().expectStatus().isOk()
                .expectHeader().value("Allow", allow -> assertThat(allow).contains("POST"));
        web.post().uri("/csc/v2/signatures/signHash").headers(h -> h.setBearerAuth(client.token()))
                .contentType(MediaType.TEXT_PLAIN).bodyValue(body)
                .exchange().expectStatus().isEqualTo(HttpStatus.UNSUPPORTED_MEDIA_TYPE)
                .expectBody().jsonPath("$.error").exists();
        // a wildcard names no type (RFC 9110 §8.3): refused as on every other CSC method
        for (String wildcard : List.of("*/*", "application/*", "application/*+json")) {
            web.post().uri("/csc/v2/signatures/signHash").headers(h -> h.setBearerAuth(client.token()))
                    .header(HttpHeaders.CONTENT_TYPE, wildcard).bodyValue(body)
                    .exchange().expectStatus().isEqualTo(HttpStatus.UNSUPPORTED_MEDIA_TYPE);
        }
        web.post().uri("/csc/v2/signatures/signHash").headers(h -> h.setBearerAuth(client.token()))
                .header(HttpHeaders.CONTENT_TYPE, "application/json; charset=utf-8").bodyValue(body)
                .exchange().expectStatus().isBadRequest().expectBody().jsonPath("$.error_description").isEqualTo("SAD unknown or expired");
        web.post().uri("/csc/v2/signatures/signHash").headers(h -> h.setBearerAuth(client.token()))
                .contentType(MediaType.APPLICATION_JSON).accept(MediaType.TEXT_HTML).bodyValue(body)
                .exchange().expectStatus().isEqualTo(HttpStatus.NOT_ACCEPTABLE);
        web.post().uri("/csc/v2/signatures/signHash").headers(h -> h.setBearerAuth(client.token()))
                .contentType(MediaType.APPLICATION_JSON)
                .exchange().expectStatus().isBadRequest().expectBody().jsonPath("$.error").isEqualTo("invalid_request");
        web.post().uri("/csc/v2/signatures/signHash").headers(h -> h.setBearerAuth(client.token()))
                .contentType(MediaType.APPLICATION_JSON).bodyValue("[\"" + hash + "\"]")
                .exchange().expectStatus().isBadRequest().expectBody().jsonPath("$.error").isEqualTo("invalid_request");
    }

    @Test
    void aChunkedBodyPastTheLimitIsRefusedWhileItIsRead() {
        byte[] chunk = new byte[64 * 1024];
        java.util.Arrays.fill(chunk, (byte) ' ');
        evenIfCutShort(() -> unpooled().post().uri("/csc/v2/signatures/signHash").headers(h -> h.setBearerAuth(client.token()))
                .contentType(MediaType.APPLICATION_JSON)
                .body(reactor.core.publisher.Flux.range(0, 40).map(i -> org.springframework.core.io.buffer.DefaultDataBufferFactory
                        .sharedInstance.wrap(chunk.clone())), org.springframework.core.io.buffer.DataBuffer.class)
                .exchange().expectStatus().isEqualTo(HttpStatus.CONTENT_TOO_LARGE)
                .expectBody().jsonPath("$.error").isEqualTo("invalid_request"));
    }
}
