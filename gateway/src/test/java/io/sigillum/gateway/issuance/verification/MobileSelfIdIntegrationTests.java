package io.sigillum.gateway.issuance.verification;

import static org.assertj.core.api.Assertions.assertThat;

import io.sigillum.gateway.account.AccountService;
import io.sigillum.gateway.issuance.IssuanceJourney;
import io.sigillum.gateway.support.IntegrationTest;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.r2dbc.core.DatabaseClient;

class MobileSelfIdIntegrationTests extends IntegrationTest {

    @Autowired
    AccountService accounts;

    @Autowired
    DatabaseClient db;

    IssuanceJourney journey;
    String reference;

    @BeforeEach
    void applicationWithAVendorSession() {
        journey = IssuanceJourney.documentsAccepted(web, accounts, "CQS-1Y", "MOBILE_SELF_ID");
        reference = journey.startVerification(null);
    }

    @Test
    void theVendorLinkIsGivenAndAPositiveResultThroughTheSimulatorVerifiesTheApplicant() {
        assertThat(journey.state()).isEqualTo("VERIFICATION_PENDING");
        String link = (String) journey.verification().get("link");
        assertThat(link).contains("/dev/simulator/identity/" + reference);
        // sent to the applicant's phone too, as the Certum instructions say, in the application's language (Polish)
        String number = (String) journey.get("").get("number");
        assertThat(db.sql("SELECT recipient, body FROM notification_outbox WHERE application_id = :id AND kind = 'VERIFICATION_LINK'")
                .bind("id", java.util.UUID.fromString(journey.id)).fetch().all().collectList().block())
                .containsExactly(Map.of("recipient", journey.phone, "body", "Sigillum: link do zdalnej weryfikacji tożsamości "
                        + "(wniosek " + number + "): " + link + " Otwórz go na tym telefonie i postępuj według poleceń aplikacji."));

        journey.simulate(reference, Map.of()).expectStatus().isOk().expectBody().jsonPath("$.status").isEqualTo("APPLIED");

        assertThat(journey.state()).isEqualTo("VERIFIED");
        assertThat(journey.verification()).containsEntry("status", "POSITIVE");
    }

    @Test
    void aReplayedWebhookChangesNothing() {
        Map<String, Object> held = event("evt-held-" + reference, "HELD", null);
        journey.identityWebhook(held).expectStatus().isOk().expectBody().jsonPath("$.status").isEqualTo("APPLIED");
        journey.identityWebhook(held).expectStatus().isOk().expectBody().jsonPath("$.status").isEqualTo("DUPLICATE");

        assertThat(journey.state()).isEqualTo("VERIFICATION_HELD");
        assertThat(historyTransitions()).filteredOn("HOLD_VERIFICATION"::equals).hasSize(1);
    }

    @Test
    void aHeldVerificationWaitsForAConsultantsDecision() {
        journey.identityWebhook(event("evt-1-" + reference, "HELD", null)).expectStatus().isOk();
        assertThat(journey.state()).isEqualTo("VERIFICATION_HELD");
        // the vendor cannot decide a held verification any more: only a consultant
        journey.identityWebhook(event("evt-2-" + reference, "POSITIVE", null)).expectStatus().isOk()
                .expectBody().jsonPath("$.status").isEqualTo("IGNORED");

        String operator = journey.newOperator();
        journey.decide(operator, Map.of("result", "POSITIVE")).expectStatus().isOk()
                .expectBody().jsonPath("$.state").isEqualTo("VERIFIED");
    }

    @Test
    void aConsultantOfAnotherOrganisationCannotDecide() {
        journey.identityWebhook(event("evt-held-" + reference, "HELD", null)).expectStatus().isOk();
        IssuanceJourney other = IssuanceJourney.documentsAccepted(web, accounts, "CQS-1Y", "MOBILE_SELF_ID");

        journey.decide(other.newOperator(), Map.of("result", "POSITIVE")).expectStatus().isNotFound();
        assertThat(journey.state()).isEqualTo("VERIFICATION_HELD");
    }

    @Test
    void aTechnicalErrorGivesANewLinkAndRetriesAreBounded() {
        journey.simulate(reference, Map.of("result", "NEGATIVE", "reason", "TECHNICAL_ERROR")).expectStatus().isOk();
        assertThat(journey.state()).isEqualTo("VERIFICATION_FAILED");
        assertThat(journey.verification()).containsEntry("outcome", "TECHNICAL_ERROR");

        journey.post("verification/retry", null).expectStatus().isOk().expectBody().jsonPath("$.state")
                .isEqualTo("VERIFICATION_PENDING");
        String second = journey.reference();
        assertThat(second).isNotEqualTo(reference);
        assertThat(journey.verification()).containsEntry("attempt", 2);

        journey.simulate(second, Map.of("result", "NEGATIVE", "reason", "DATA_ERROR")).expectStatus().isOk();
        journey.post("verification/retry", null).expectStatus().isOk();
        journey.simulate(journey.reference(), Map.of("result", "NEGATIVE")).expectStatus().isOk();

        journey.post("verification/retry", null).expectStatus().isEqualTo(409).expectBody()
                .jsonPath("$.code").isEqualTo("verification_attempts_exhausted");
        assertThat(journey.state()).isEqualTo("VERIFICATION_FAILED");
    }

    @Test
    void documentDataThatDiffersFromTheApplicationIsADataError() {
        Map<String, Object> document = document();
        document.put("documentNumber", "XYZ123456");
        journey.simulate(reference, Map.of("result", "POSITIVE", "document", document)).expectStatus().isOk();

        assertThat(journey.state()).isEqualTo("VERIFICATION_FAILED");
        assertThat(journey.verification()).containsEntry("outcome", "DATA_ERROR");
    }

    /**
     * The seeds' "błąd w danych": the applicant who typed a name otherwise than the document has it corrects it and tries
     * again, rather than spending the attempts on the same data; the correction is checked as on entry.
     */
    @Test
    void afterADataErrorTheApplicantCorrectsTheDataAndIsVerified() {
        Map<String, Object> read = document();
        read.put("firstName", "JANUSZ");
        journey.simulate(reference, Map.of("result", "POSITIVE", "document", read)).expectStatus().isOk();
        assertThat(journey.verification()).containsEntry("outcome", "DATA_ERROR");

        Map<String, Object> corrected = new HashMap<>(io.sigillum.gateway.issuance.IssuanceFixtures.polishApplicant());
        corrected.put("firstName", "Janusz");
        Map<String, Object> underage = new HashMap<>(corrected);
        underage.put("dateOfBirth", java.time.LocalDate.now().minusYears(10).toString());
        journey.post("verification/retry", Map.of("applicantData", underage)).expectStatus().isBadRequest();
        journey.post("verification/retry", Map.of("applicantData", corrected, "identityDocument", corrected.get("identityDocument")))
                .expectStatus().isBadRequest();
        assertThat(journey.state()).isEqualTo("VERIFICATION_FAILED");

        journey.post("verification/retry", Map.of("applicantData", corrected)).expectStatus().isOk().expectBody()
                .jsonPath("$.state").isEqualTo("VERIFICATION_PENDING")
                .jsonPath("$.applicantData.firstName").isEqualTo("Janusz");
        journey.simulate(journey.reference(), Map.of("result", "POSITIVE", "document", read)).expectStatus().isOk();
        assertThat(journey.state()).isEqualTo("VERIFIED");
    }

    /** Data are corrected only after the document was read otherwise: not to change them after any failure. */
    @Test
    void dataAreNotCorrectedOnARetryAfterAnotherFailure() {
        journey.simulate(reference, Map.of("result", "NEGATIVE", "reason", "TECHNICAL_ERROR")).expectStatus().isOk();
        Map<String, Object> changed = new HashMap<>(io.sigillum.gateway.issuance.IssuanceFixtures.polishApplicant());
        changed.put("firstName", "Janusz");
        journey.post("verification/retry", Map.of("applicantData", changed)).expectStatus().isBadRequest();
        assertThat(journey.state()).isEqualTo("VERIFICATION_FAILED");
    }

    /** A Polish ID card carries the PESEL: a vendor that read none has not checked the one the certificate will carry. */
    @Test
    void aPolishDocumentReadWithoutItsPeselIsADataError() {
        Map<String, Object> document = document();
        document.remove("pesel");
        journey.simulate(reference, Map.of("result", "POSITIVE", "document", document)).expectStatus().isOk();

        assertThat(journey.state()).isEqualTo("VERIFICATION_FAILED");
        assertThat(journey.verification()).containsEntry("outcome", "DATA_ERROR");
    }

    @Test
    void anInvalidDocumentFailsUntilANewDocumentIsEntered() {
        journey.simulate(reference, Map.of("result", "NEGATIVE", "reason", "INVALID_DOCUMENT")).expectStatus().isOk();
        assertThat(journey.state()).isEqualTo("VERIFICATION_FAILED");

        journey.post("verification/retry", Map.of()).expectStatus().isBadRequest();
        // the document found invalid, entered again (spaced, lower-case): not a new one
        journey.post("verification/retry", Map.of("identityDocument", Map.of("type", "ID_CARD", "issuingCountry", "pl",
                        "seriesAndNumber", "alu 842672", "expiryDate", "2031-01-31", "issuingAuthority", "Prezydent Szczecina")))
                .expectStatus().isBadRequest().expectBody().jsonPath("$.detail").value(detail ->
                        assertThat((String) detail).contains("not the same one again"));
        assertThat(journey.state()).isEqualTo("VERIFICATION_FAILED");
        journey.post("verification/retry", Map.of("identityDocument", Map.of("type", "ID_CARD", "issuingCountry", "PL",
                        "seriesAndNumber", "ABA300000", "expiryDate", "2031-01-31", "issuingAuthority", "Prezydent Szczecina")))
                .expectStatus().isOk().expectBody()
                .jsonPath("$.state").isEqualTo("VERIFICATION_PENDING")
                .jsonPath("$.applicantData.identityDocument.seriesAndNumber").isEqualTo("ABA300000");
        // the vendor reads the new document: positive
        journey.simulate(journey.reference(), Map.of()).expectStatus().isOk();
        assertThat(journey.state()).isEqualTo("VERIFIED");
    }

    @Test
    void aProductRestrictionEndsInARefundRequest() {
        journey.simulate(reference, Map.of("result", "NEGATIVE", "reason", "PRODUCT_RESTRICTION")).expectStatus().isOk();

        assertThat(journey.state()).isEqualTo("REFUNDED");
        assertThat(historyTransitions()).endsWith("FAIL_VERIFICATION", "REFUND");
        assertThat(db.sql("SELECT reason FROM refund_request WHERE application_id = :id")
                .bind("id", java.util.UUID.fromString(journey.id)).map(row -> row.get("reason", String.class))
                .one().block()).isEqualTo("PRODUCT_RESTRICTION");
    }

    @Test
    void badSignaturesAndStaleTimestampsAreRefused() {
        Map<String, Object> positive = event("evt-bad-" + reference, "POSITIVE", document());
        IssuanceJourney.webhook(web, "/api/v1/webhooks/identity-verification", "not-the-secret", positive,
                Instant.now().getEpochSecond()).expectStatus().isUnauthorized()
                .expectBody().jsonPath("$.code").isEqualTo("invalid_webhook_signature");
        IssuanceJourney.webhook(web, "/api/v1/webhooks/identity-verification", IssuanceJourney.IDENTITY_SECRET, positive,
                Instant.now().minusSeconds(600).getEpochSecond()).expectStatus().isUnauthorized()
                .expectBody().jsonPath("$.code").isEqualTo("stale_webhook");
        web.post().uri("/api/v1/webhooks/identity-verification").contentType(org.springframework.http.MediaType.APPLICATION_JSON)
                .bodyValue(positive).exchange().expectStatus().isUnauthorized();

        assertThat(journey.state()).isEqualTo("VERIFICATION_PENDING");
        // a refused delivery is not remembered: the vendor's correctly signed retry of the same event applies
        journey.identityWebhook(positive).expectStatus().isOk().expectBody().jsonPath("$.status").isEqualTo("APPLIED");
        assertThat(journey.state()).isEqualTo("VERIFIED");
    }

    private Map<String, Object> event(String eventId, String result, Map<String, Object> document) {
        Map<String, Object> event = new HashMap<>(Map.of("eventId", eventId, "reference", reference, "result", result));
        if (document != null) {
            event.put("document", document);
        }
        return event;
    }

    private static Map<String, Object> document() {
        @SuppressWarnings("unchecked")
        Map<String, Object> id = (Map<String, Object>) io.sigillum.gateway.issuance.IssuanceFixtures.polishApplicant()
                .get("identityDocument");
        return new HashMap<>(Map.of("firstName", "JAN", "surname", "NOWAK", "documentNumber", "ALU 842672",
                "expiryDate", id.get("expiryDate"), "pesel", "84042003432", "issuingCountry", "PL"));
    }

    @SuppressWarnings("unchecked")
    private List<String> historyTransitions() {
        return web.get().uri("/api/v1/applications/{id}/history", journey.id).headers(h -> h.setBearerAuth(journey.applicant))
                .exchange().expectStatus().isOk().expectBodyList(Map.class).returnResult().getResponseBody().stream()
                .map(entry -> (String) entry.get("transition")).toList();
    }
}
