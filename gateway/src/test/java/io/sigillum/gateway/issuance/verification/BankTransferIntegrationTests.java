package io.sigillum.gateway.issuance.verification;

import static org.assertj.core.api.Assertions.assertThat;

import io.sigillum.gateway.account.AccountService;
import io.sigillum.gateway.issuance.IssuanceJourney;
import io.sigillum.gateway.support.IntegrationTest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;

@SuppressWarnings("unchecked")
class BankTransferIntegrationTests extends IntegrationTest {

    static final String POLISH_ACCOUNT = "PL61 1090 1014 0000 0712 1981 2874";

    @Autowired
    AccountService accounts;
    @Autowired
    org.springframework.r2dbc.core.DatabaseClient db;

    IssuanceJourney journey;
    String reference;
    String title;

    @BeforeEach
    void applicationWaitingForTheTransfer() {
        journey = IssuanceJourney.documentsAccepted(web, accounts, "CQS-2Y", "BANK_TRANSFER");
        reference = journey.startVerification(null);
        Map<String, Object> transfer = (Map<String, Object>) journey.verification().get("transfer");
        assertThat(transfer).containsEntry("amount", "1.00").containsEntry("currency", "PLN");
        title = (String) transfer.get("title");
    }

    @Test
    void aConsultantCannotDecideATransferAndTheRefusalIsAProblemWithAnIntegerStatus() {
        journey.decide(journey.newOperator(), Map.of("result", "POSITIVE", "documentChecked", Map.of("documentNumber", "ALU842672")))
                .expectStatus().isEqualTo(409)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.status").isEqualTo(409).jsonPath("$.code").isEqualTo("not_for_consultant")
                .jsonPath("$.verificationStatus").isEqualTo("PENDING");

        assertThat(journey.state()).isEqualTo("VERIFICATION_PENDING");
    }

    /**
     * A transfer shows an account in the applicant's name, not that the applicant holds the document the certificate
     * names: after it, the applicant identifies with the document (Certum: "przelewu weryfikacyjnego i identyfikacji
     * zdalnej"), by the link sent to the phone, and the document's reading decides.
     */
    @Test
    void aTransferFromTheApplicantsPolishAccountIsFollowedByIdentificationWithTheDocument() {
        payment("evt-ok-" + reference, "NOWAK JAN ADAM", POLISH_ACCOUNT, "1.00").expectStatus().isOk()
                .expectBody().jsonPath("$.status").isEqualTo("APPLIED");

        assertThat(journey.state()).as("a transfer alone verifies nobody").isEqualTo("VERIFICATION_PENDING");
        Map<String, Object> verification = journey.verification();
        assertThat(verification).containsEntry("method", "BANK_TRANSFER").containsEntry("status", "PENDING")
                .containsEntry("transfer", null);
        String link = (String) verification.get("link");
        assertThat(link).endsWith("/" + reference);
        assertThat(db.sql("SELECT body FROM notification_outbox WHERE application_id = :id AND kind = 'VERIFICATION_LINK'")
                .bind("id", java.util.UUID.fromString(journey.id)).map(row -> row.get("body", String.class)).one().block())
                .contains(link);
        assertThat(journey.history()).contains("ACCEPT_TRANSFER");
        // a second transfer changes nothing now
        payment("evt-again-" + reference, "NOWAK JAN ADAM", POLISH_ACCOUNT, "1.00").expectStatus().isOk()
                .expectBody().jsonPath("$.status").isEqualTo("IGNORED");

        journey.simulate(reference, Map.of()).expectStatus().isOk().expectBody().jsonPath("$.status").isEqualTo("APPLIED");
        assertThat(journey.state()).isEqualTo("VERIFIED");
    }

    /** The document read otherwise than the application after an accepted transfer: the document's data error. */
    @Test
    void aDocumentThatDiffersFromTheApplicationFailsAfterTheTransfer() {
        payment("evt-doc-" + reference, "Jan Nowak", POLISH_ACCOUNT, "1.00").expectStatus().isOk();
        journey.simulate(reference, Map.of("document", Map.of("firstName", "Jan", "surname", "Nowak",
                "documentNumber", "ZZZ999999", "pesel", "84042003432"))).expectStatus().isOk();

        assertThat(journey.state()).isEqualTo("VERIFICATION_FAILED");
        assertThat(journey.verification()).containsEntry("outcome", "DATA_ERROR");
        assertThat(db.sql("SELECT body FROM notification_outbox WHERE application_id = :id AND kind = 'VERIFICATION_RESULT'")
                .bind("id", java.util.UUID.fromString(journey.id)).map(row -> row.get("body", String.class)).one().block())
                .contains("dane odczytane z dokumentu nie zgadzają się z wnioskiem");
    }

    /** Before its transfer, the vendor's verdict under the transfer's reference is no verdict: nothing was read yet. */
    @Test
    void anIdentityEventBeforeTheTransferIsIgnored() {
        journey.simulate(reference, Map.of()).expectStatus().isOk().expectBody().jsonPath("$.status").isEqualTo("IGNORED");
        assertThat(journey.state()).isEqualTo("VERIFICATION_PENDING");
    }

    /** Distinct transfers arriving together: one verifies, the others are acknowledged as IGNORED, none refused. */
    @Test
    void transfersArrivingTogetherAreAppliedOnceAndTheRestAcknowledged() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<String>> deliveries = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            String eventId = "evt-together-" + i + "-" + reference;
            deliveries.add(pool.submit(() -> (String) payment(eventId, "NOWAK JAN ADAM", POLISH_ACCOUNT, "1.00")
                    .expectStatus().isOk().expectBody(Map.class).returnResult().getResponseBody().get("status")));
        }
        List<String> acks = new ArrayList<>();
        for (Future<String> delivery : deliveries) {
            acks.add(delivery.get());
        }
        pool.shutdown();

        assertThat(acks).containsExactlyInAnyOrder("APPLIED", "IGNORED", "IGNORED", "IGNORED");
        assertThat(journey.state()).isEqualTo("VERIFICATION_PENDING");
        assertThat(journey.history()).containsOnlyOnce("ACCEPT_TRANSFER");
    }

    @Test
    void aTransferForACancelledApplicationIsAcknowledgedAndIgnoredOnce() {
        journey.post("cancel", null).expectStatus().isOk();

        payment("evt-late-" + reference, "NOWAK JAN ADAM", POLISH_ACCOUNT, "1.00").expectStatus().isOk()
                .expectBody().jsonPath("$.status").isEqualTo("IGNORED");
        payment("evt-late-" + reference, "NOWAK JAN ADAM", POLISH_ACCOUNT, "1.00").expectStatus().isOk()
                .expectBody().jsonPath("$.status").isEqualTo("DUPLICATE");
        assertThat(journey.state()).isEqualTo("CANCELLED");
    }

    @Test
    void theSimulatedPaymentProviderCallsTheRealWebhook() {
        web.post().uri("/dev/simulator/payments").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("reference", reference, "payerName", "Jan Nowak")).exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.status").isEqualTo("APPLIED");

        assertThat(journey.verification()).containsKey("link").containsEntry("transfer", null);
    }

    @Test
    void aSimulatedPaymentWithoutItsReferenceIsRefusedAs400() {
        web.post().uri("/dev/simulator/payments").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("payerName", "Jan Nowak")).exchange()
                .expectStatus().isBadRequest().expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(journey.state()).isEqualTo("VERIFICATION_PENDING");
    }

    @Test
    void someoneElsesNameIsADataErrorAndTheApplicantMayTryAgain() {
        payment("evt-name-" + reference, "Anna Kowalska", POLISH_ACCOUNT, "1.00").expectStatus().isOk();

        assertThat(journey.state()).isEqualTo("VERIFICATION_FAILED");
        assertThat(journey.verification()).containsEntry("outcome", "DATA_ERROR");
        // told the real cause (no document is read in this method) and what to do, as the Certum seed says
        String number = (String) journey.get("").get("number");
        assertThat(db.sql("SELECT body FROM notification_outbox WHERE application_id = :id AND kind = 'VERIFICATION_RESULT'")
                .bind("id", java.util.UUID.fromString(journey.id)).map(row -> row.get("body", String.class)).one().block())
                .isEqualTo("Weryfikacja tożsamości do wniosku " + number + " nie powiodła się: przelew nie pochodzi z rachunku "
                        + "na Twoje imię i nazwisko podane we wniosku. Wykonaj przelew z rachunku, którego jesteś właścicielem, "
                        + "i spróbuj ponownie we wniosku (pozostałe próby: 2).");
        journey.post("verification/retry", null).expectStatus().isOk();
        assertThat(journey.reference()).isNotEqualTo(reference);
    }

    @Test
    void aForeignOrMistypedAccountIsRefused() {
        payment("evt-de-" + reference, "Jan Nowak", "DE89 3704 0044 0532 0130 00", "1.00").expectStatus().isOk();
        assertThat(journey.state()).isEqualTo("VERIFICATION_FAILED");

        journey.post("verification/retry", null).expectStatus().isOk();
        String second = journey.reference();
        payment(second, "evt-typo-" + second, "Jan Nowak", "PL61 1090 1014 0000 0712 1981 2875", "1.00")
                .expectStatus().isOk();
        assertThat(journey.state()).isEqualTo("VERIFICATION_FAILED");
    }

    /**
     * A bank reports every incoming transfer: one whose title names no pending verification (no reference, or a mistyped
     * one) is acknowledged as UNMATCHED, once — the bank must not send it again for ever — and changes no application.
     */
    @Test
    void aTransferNamingNoVerificationIsAcknowledgedAsUnmatchedOnce() {
        String eventId = "evt-unmatched-" + reference;
        journey.paymentWebhook(event(eventId, "Czynsz za grudzien", "Jan Nowak", POLISH_ACCOUNT, "1.00"))
                .expectStatus().isOk().expectBody().jsonPath("$.status").isEqualTo("UNMATCHED");
        journey.paymentWebhook(event(eventId, "Czynsz za grudzien", "Jan Nowak", POLISH_ACCOUNT, "1.00"))
                .expectStatus().isOk().expectBody().jsonPath("$.status").isEqualTo("DUPLICATE");
        payment("SGL0000000000", "evt-unknown-" + reference, "Jan Nowak", POLISH_ACCOUNT, "1.00")
                .expectStatus().isOk().expectBody().jsonPath("$.status").isEqualTo("UNMATCHED");

        assertThat(journey.state()).isEqualTo("VERIFICATION_PENDING");
    }

    @Test
    void aReplayedPaymentEventChangesNothing() {
        payment("evt-twice-" + reference, "Anna Kowalska", POLISH_ACCOUNT, "1.00").expectStatus().isOk();
        journey.post("verification/retry", null).expectStatus().isOk();
        // the same event again (new title is not in it): a duplicate, the new attempt stays pending
        payment("evt-twice-" + reference, "Anna Kowalska", POLISH_ACCOUNT, "1.00").expectStatus().isOk()
                .expectBody().jsonPath("$.status").isEqualTo("DUPLICATE");

        assertThat(journey.state()).isEqualTo("VERIFICATION_PENDING");
    }

    @Test
    void paymentWebhooksNeedThePaymentProvidersSignature() {
        Map<String, Object> event = event("evt-sig-" + reference, title, "Jan Nowak", POLISH_ACCOUNT, "1.00");
        IssuanceJourney.webhook(web, "/api/v1/webhooks/payments", IssuanceJourney.IDENTITY_SECRET, event,
                Instant.now().getEpochSecond()).expectStatus().isUnauthorized();
        IssuanceJourney.webhook(web, "/api/v1/webhooks/payments", IssuanceJourney.PAYMENT_SECRET, event,
                Instant.now().plusSeconds(900).getEpochSecond()).expectStatus().isUnauthorized();

        assertThat(journey.state()).isEqualTo("VERIFICATION_PENDING");
    }

    private org.springframework.test.web.reactive.server.WebTestClient.ResponseSpec payment(String eventId, String payer,
            String account, String amount) {
        return journey.paymentWebhook(event(eventId, title, payer, account, amount));
    }

    private org.springframework.test.web.reactive.server.WebTestClient.ResponseSpec payment(String newReference,
            String eventId, String payer, String account, String amount) {
        return journey.paymentWebhook(event(eventId, "SIGILLUM " + newReference, payer, account, amount));
    }

    private static Map<String, Object> event(String eventId, String title, String payer, String account, String amount) {
        return Map.of("eventId", eventId, "title", title, "amount", amount, "currency", "PLN", "payerName", payer,
                "payerAccount", account);
    }
}
