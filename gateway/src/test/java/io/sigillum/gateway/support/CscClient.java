package io.sigillum.gateway.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntSupplier;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A CSC API client for tests: the calls a platform makes, over real HTTP. */
public final class CscClient {

    public static final String SHA256 = "2.16.840.1.101.3.4.2.1";
    public static final String ECDSA_SHA256 = "1.2.840.10045.4.3.2";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final WebTestClient web;
    private final String token;

    private CscClient(WebTestClient web, String token) {
        this.web = web;
        this.token = token;
    }

    public static CscClient login(WebTestClient web, String clientId, String secret) {
        JsonNode response = JSON.readTree(web.post().uri("/oauth2/token")
                .headers(h -> h.setBasicAuth(clientId, secret))
                .contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .bodyValue("grant_type=client_credentials")
                .exchange().expectStatus().isOk()
                .expectBody().returnResult().getResponseBody());
        return new CscClient(web, response.get("access_token").asString());
    }

    public static CscClient withToken(WebTestClient web, String token) {
        return new CscClient(web, token);
    }

    public String token() {
        return token;
    }

    public WebTestClient.ResponseSpec call(String method, Object body) {
        return web.post().uri("/csc/v2/" + method)
                .headers(h -> h.setBearerAuth(token))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body)
                .exchange();
    }

    public JsonNode ok(String method, Object body) {
        return JSON.readTree(call(method, body).expectStatus().isOk().expectBody().returnResult().getResponseBody());
    }

    /** Sends a code and reads it back from the dev outbox. */
    public String challenge(String credentialId, String phone) {
        call("credentials/getChallenge", Map.of("credentialID", credentialId)).expectStatus().isNoContent();
        return lastCodeFor(phone).orElseThrow();
    }

    public String authorize(String credentialId, List<String> hashes, int numSignatures, String pin, String otp) {
        return ok("credentials/authorize", authorizeBody(credentialId, hashes, numSignatures, pin, otp)).get("SAD").asString();
    }

    public static Map<String, Object> authorizeBody(String credentialId, List<String> hashes, int numSignatures, String pin,
            String otp) {
        return Map.of("credentialID", credentialId, "numSignatures", numSignatures, "hashes", hashes,
                "hashAlgorithmOID", SHA256, "authData", List.of(Map.of("id", "PIN", "value", pin), Map.of("id", "OTP", "value", otp)));
    }

    public static Map<String, Object> signHashBody(String credentialId, String sad, List<String> hashes) {
        return Map.of("credentialID", credentialId, "SAD", sad, "hashes", hashes, "hashAlgorithmOID", SHA256,
                "signAlgo", ECDSA_SHA256);
    }

    public static Optional<String> lastCodeFor(String phone) {
        return lastCodeMessageTo(phone).map(line -> line.get("code").asString());
    }

    /** The text of the last message with a code sent to {@code phone}. */
    public static Optional<String> lastCodeTextFor(String phone) {
        return lastCodeMessageTo(phone).map(line -> line.get("text").asString());
    }

    private static Optional<JsonNode> lastCodeMessageTo(String phone) {
        Path outbox = TestInfrastructure.outboxFile();
        try {
            if (!Files.exists(outbox)) {
                return Optional.empty();
            }
            return Files.readAllLines(outbox).stream().map(JSON::readTree)
                    .filter(line -> line.get("to").asString().equals(phone) && line.has("code"))
                    .reduce((first, second) -> second);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The status of {@code call}, sent again (up to 10 times, 200 ms apart) while it is 503: a refusal of a loaded
     * machine (the audit or a store slow, the signing reserve passed) spends nothing and tells the client to ask again.
     */
    public static int untilNotUnavailable(IntSupplier call) {
        int status = call.getAsInt();
        for (int attempt = 1; status == 503 && attempt < 10; attempt++) {
            LockSupport.parkNanos(Duration.ofMillis(200).toNanos());
            status = call.getAsInt();
        }
        return status;
    }

    public static String sha256(String document) {
        try {
            return Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(document.getBytes()));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static JsonNode json(byte[] body) {
        return JSON.readTree(body);
    }
}
