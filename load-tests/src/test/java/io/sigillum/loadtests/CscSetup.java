package io.sigillum.loadtests;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Does what a platform does before signing, over plain HTTP: gets a token for {@code demo-platform}, finds
 * {@code demo-user}'s credential, asks for the SMS code, reads it from the dev outbox (as the user would read the SMS)
 * and authorizes one SAD over the hashes the simulation will sign.
 */
final class CscSetup {

    private static final Pattern STRING_FIELD = Pattern.compile("\"%s\"\\s*:\\s*\"([^\"]*)\"");
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    /** What every simulated request needs. */
    record Session(String token, String credentialId, String sad, List<String> hashes) {
        String signHashBody() {
            return "{\"credentialID\":\"" + credentialId + "\",\"SAD\":\"" + sad + "\",\"hashes\":" + json(hashes)
                    + ",\"hashAlgorithmOID\":\"2.16.840.1.101.3.4.2.1\",\"signAlgo\":\"1.2.840.10045.4.3.2\"}";
        }
    }

    private CscSetup() {
    }

    static Session prepare(String baseUrl, String outbox, int batch, int signatures) {
        try {
            String token = platformToken(baseUrl);
            String credentialId = credentialOf(baseUrl, token, "demo-user");
            send(csc(baseUrl, token, "credentials/getChallenge", "{\"credentialID\":\"" + credentialId + "\"}"));
            String code = lastCode(Path.of(outbox));
            List<String> hashes = new ArrayList<>();
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            for (int i = 0; i < batch; i++) {
                hashes.add(Base64.getEncoder().encodeToString(sha256.digest(("load document " + i).getBytes(StandardCharsets.UTF_8))));
            }
            String sad = field(send(csc(baseUrl, token, "credentials/authorize", "{\"credentialID\":\"" + credentialId
                    + "\",\"numSignatures\":" + signatures + ",\"hashes\":" + json(hashes)
                    + ",\"hashAlgorithmOID\":\"2.16.840.1.101.3.4.2.1\",\"authData\":[{\"id\":\"PIN\",\"value\":\"12345678\"},"
                    + "{\"id\":\"OTP\",\"value\":\"" + code + "\"}]}")), "SAD");
            return new Session(token, credentialId, sad, hashes);
        } catch (IOException | InterruptedException | java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("Could not prepare the CSC session", e);
        }
    }

    /** A token of {@code demo-platform} (client credentials), as a platform holds before it signs. */
    static String platformToken(String baseUrl) throws IOException, InterruptedException {
        return field(send(HttpRequest.newBuilder(URI.create(baseUrl + "/oauth2/token"))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString("demo-platform:demo-secret".getBytes()))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials"))), "access_token");
    }

    /** The first credential of {@code userId} that the token's platform may use (credentials/list). */
    static String credentialOf(String baseUrl, String token, String userId) throws IOException, InterruptedException {
        String list = send(csc(baseUrl, token, "credentials/list", "{\"userID\":\"" + userId + "\"}"));
        Matcher id = Pattern.compile("\"credentialIDs\"\\s*:\\s*\\[\\s*\"([^\"]+)\"").matcher(list);
        if (!id.find()) {
            throw new IllegalStateException(userId + " has no credential: " + list);
        }
        return id.group(1);
    }

    private static HttpRequest.Builder csc(String baseUrl, String token, String method, String json) {
        return HttpRequest.newBuilder(URI.create(baseUrl + "/csc/v2/" + method))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
    }

    /** Sends a request; anything but a 2xx answer is an error that names the URI, status and body. */
    static String send(HttpRequest.Builder request) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() >= 300) {
            throw new IllegalStateException(response.uri() + " answered " + response.statusCode() + ": " + response.body());
        }
        return response.body();
    }

    private static String lastCode(Path outbox) throws IOException {
        List<String> lines = Files.readAllLines(outbox);
        return field(lines.getLast(), "code");
    }

    /** The first string field {@code name} of a JSON text. */
    static String field(String json, String name) {
        Matcher matcher = Pattern.compile(String.format(STRING_FIELD.pattern(), name)).matcher(json);
        if (!matcher.find()) {
            throw new IllegalStateException("No " + name + " in " + json);
        }
        return matcher.group(1);
    }

    private static String json(List<String> values) {
        return "[\"" + String.join("\",\"", values) + "\"]";
    }
}
