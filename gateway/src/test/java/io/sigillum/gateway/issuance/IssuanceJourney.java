package io.sigillum.gateway.issuance;

import io.sigillum.gateway.account.AccountService;
import io.sigillum.gateway.config.DevSecrets;
import io.sigillum.gateway.issuance.verification.WebhookSignature;
import io.sigillum.gateway.support.CscClient;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.json.JsonMapper;

/**
 * An application carried along the issuance journey through the real HTTP API: one organisation, one applicant with a
 * fresh phone number, and helpers for the vendor's and payment provider's signed webhooks.
 */
public final class IssuanceJourney {

    public static final String IDENTITY_SECRET = DevSecrets.IDENTITY_WEBHOOK_SECRET;
    public static final String PAYMENT_SECRET = DevSecrets.PAYMENT_WEBHOOK_SECRET;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final WebTestClient web;
    private final IssuanceFixtures fixtures;
    public final String admin;
    public final String applicant;
    public final String phone;
    public final String id;

    private IssuanceJourney(WebTestClient web, AccountService accounts, String product, String method,
            Map<String, Object> data, String language) {
        this.web = web;
        this.fixtures = new IssuanceFixtures(web, accounts);
        this.admin = fixtures.newOrganisationAdmin();
        this.applicant = fixtures.newApplicant();
        // +48 50x and 51x are mobile ranges (an SMS code needs a mobile); 52x, 54x… are landlines
        this.phone = "+48" + (500_000_000 + ThreadLocalRandom.current().nextInt(20_000_000));
        this.id = fixtures.redeem(applicant, fixtures.oneCode(admin, product));
        Map<String, Object> withPhone = new HashMap<>(data);
        withPhone.put("phone", phone);
        put("certificate-parameters", IssuanceFixtures.parameters(method, language));
        put("applicant-data", withPhone);
        post("submit", null).expectStatus().isOk();
        post("accept-documents", Map.of("statementAccepted", true, "termsAccepted", true)).expectStatus().isOk();
    }

    /** A Polish applicant's application at DOCUMENTS_ACCEPTED. */
    public static IssuanceJourney documentsAccepted(WebTestClient web, AccountService accounts, String product,
            String method) {
        return new IssuanceJourney(web, accounts, product, method, IssuanceFixtures.polishApplicant(), "pl");
    }

    /** A Polish applicant's application at DOCUMENTS_ACCEPTED, with the documents (and messages) chosen in English. */
    public static IssuanceJourney documentsAcceptedInEnglish(WebTestClient web, AccountService accounts, String product,
            String method) {
        return new IssuanceJourney(web, accounts, product, method, IssuanceFixtures.polishApplicant(), "en");
    }

    public static IssuanceJourney documentsAccepted(WebTestClient web, AccountService accounts, String product,
            String method, Map<String, Object> data) {
        return new IssuanceJourney(web, accounts, product, method, data, "pl");
    }

    public WebTestClient.ResponseSpec post(String path, Object body) {
        var spec = web.post().uri("/api/v1/applications/{id}/" + path, id).headers(h -> h.setBearerAuth(applicant));
        return body == null ? spec.exchange() : spec.contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange();
    }

    public WebTestClient.ResponseSpec put(String path, Object body) {
        return web.put().uri("/api/v1/applications/{id}/" + path, id).headers(h -> h.setBearerAuth(applicant))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange();
    }

    public Map<String, Object> get(String path) {
        return web.get().uri("/api/v1/applications/{id}" + path, id).headers(h -> h.setBearerAuth(applicant))
                .exchange().expectStatus().isOk().expectBody(IssuanceFixtures.map()).returnResult().getResponseBody();
    }

    /** The application's history, as its JSON text. */
    public String history() {
        return web.get().uri("/api/v1/applications/{id}/history", id).headers(h -> h.setBearerAuth(applicant))
                .exchange().expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody();
    }

    public String state() {
        return (String) get("").get("state");
    }

    public Map<String, Object> verification() {
        return get("/verification");
    }

    /** Starts verification and returns the attempt's reference (from the link or the transfer title). */
    @SuppressWarnings("unchecked")
    public String startVerification(Object body) {
        post("verification", body).expectStatus().isOk();
        return reference();
    }

    @SuppressWarnings("unchecked")
    public String reference() {
        Map<String, Object> verification = verification();
        if (verification.get("link") != null) {
            String link = (String) verification.get("link");
            return link.substring(link.lastIndexOf('/') + 1);
        }
        if (verification.get("transfer") != null) {
            String title = (String) ((Map<String, Object>) verification.get("transfer")).get("title");
            return title.substring(title.lastIndexOf(' ') + 1);
        }
        return "";
    }

    /** The dev simulator plays the vendor: it calls the real webhook over HTTP with a real signature. */
    public WebTestClient.ResponseSpec simulate(String reference, Map<String, Object> result) {
        return web.post().uri("/dev/simulator/identity/{reference}", reference).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(result).exchange();
    }

    /** Posts a webhook body signed with {@code secret} at {@code timestamp}. */
    public static WebTestClient.ResponseSpec webhook(WebTestClient web, String path, String secret, Object event,
            long timestamp) {
        byte[] body = JSON.writeValueAsBytes(event);
        return web.post().uri(path).contentType(MediaType.APPLICATION_JSON)
                .header(WebhookSignature.TIMESTAMP_HEADER, Long.toString(timestamp))
                .header(WebhookSignature.SIGNATURE_HEADER,
                        WebhookSignature.sign(secret.getBytes(StandardCharsets.UTF_8), timestamp, body))
                .bodyValue(body).exchange();
    }

    public WebTestClient.ResponseSpec identityWebhook(Map<String, Object> event) {
        return webhook(web, "/api/v1/webhooks/identity-verification", IDENTITY_SECRET, event,
                Instant.now().getEpochSecond());
    }

    public WebTestClient.ResponseSpec paymentWebhook(Map<String, Object> event) {
        return webhook(web, "/api/v1/webhooks/payments", PAYMENT_SECRET, event, Instant.now().getEpochSecond());
    }

    /**
     * Verification passed through the simulators: the application is VERIFIED. The transfer method's transfer comes
     * first (from the applicant's own account), then the identification by the document, as with mobile self-ID.
     */
    public IssuanceJourney verified() {
        String reference = startVerification(null);
        if (verification().get("transfer") != null) {
            web.post().uri("/dev/simulator/payments").contentType(MediaType.APPLICATION_JSON)
                    .bodyValue(Map.of("reference", reference)).exchange().expectStatus().isOk();
        }
        simulate(reference, Map.of()).expectStatus().isOk();
        return this;
    }

    /** Requests the statement code and reads it from the dev outbox. */
    public String statementCode() {
        post("statement/code", null).expectStatus().isAccepted();
        return CscClient.lastCodeFor(phone).orElseThrow();
    }

    /** A new operator of the journey's organisation; returns its bearer token. */
    public String newOperator() {
        return fixtures.newOperator(admin).token();
    }

    public WebTestClient.ResponseSpec decide(String operator, Map<String, Object> decision) {
        return web.post().uri("/api/v1/operator/applications/{id}/verification-decision", id)
                .headers(h -> h.setBearerAuth(operator)).contentType(MediaType.APPLICATION_JSON).bodyValue(decision)
                .exchange();
    }
}
