package io.sigillum.gateway.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sigillum.gateway.account.AccountService;
import io.sigillum.gateway.issuance.IssuanceFixtures;
import io.sigillum.gateway.issuance.IssuanceJourney;
import io.sigillum.gateway.support.DevOutbox;
import io.sigillum.gateway.support.IntegrationTest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.r2dbc.core.DatabaseClient;

class NotificationOutboxIntegrationTests extends IntegrationTest {

    @Autowired
    AccountService accounts;

    @Autowired
    DatabaseClient db;

    @Autowired
    NotificationDispatcher dispatcher;

    @Test
    void theVerificationResultIsWrittenWithTheStateChangeAndDispatched() {
        IssuanceJourney journey = IssuanceJourney.documentsAccepted(web, accounts, "CQS-1Y", "MOBILE_SELF_ID");
        String reference = journey.startVerification(null);
        assertThat(rows(journey.id)).isEmpty();

        journey.simulate(reference, Map.of()).expectStatus().isOk();

        List<Map<String, Object>> rows = rows(journey.id);
        String number = (String) journey.get("").get("number");
        assertThat(rows).singleElement().satisfies(row -> {
            assertThat(row).containsEntry("kind", "VERIFICATION_RESULT").containsEntry("channel", "EMAIL")
                    .containsEntry("recipient", "jan.nowak@example.com")
                    // in the language the applicant chose for the documents (Polish here)
                    .containsEntry("subject", "Wynik weryfikacji tożsamości (wniosek " + number + ")");
            assertThat((String) row.get("body")).contains(number)
                    .contains("zakończyła się pozytywnie: możesz teraz podpisać oświadczenie");
        });
        await().atMost(Duration.ofSeconds(20)).until(() -> rows(journey.id).getFirst().get("sent_at") != null);
        assertThat(DevOutbox.lastWithText((String) rows.getFirst().get("body")).path("subject").asString())
                .isEqualTo("Wynik weryfikacji tożsamości (wniosek " + number + ")");
    }

    @Test
    void anApplicantWhoChoseEnglishGetsTheResultWithAnEnglishSubject() {
        IssuanceJourney journey = IssuanceJourney.documentsAcceptedInEnglish(web, accounts, "CQS-1Y", "MOBILE_SELF_ID");

        journey.simulate(journey.startVerification(null), Map.of("result", "NEGATIVE", "reason", "INVALID_DOCUMENT"))
                .expectStatus().isOk();

        String number = (String) journey.get("").get("number");
        assertThat(rows(journey.id)).singleElement().satisfies(row -> {
            assertThat(row).containsEntry("kind", "VERIFICATION_RESULT").containsEntry("channel", "EMAIL")
                    .containsEntry("subject", "Identity verification result (application " + number + ")");
            assertThat((String) row.get("body")).isEqualTo("Identity verification for application " + number
                    + ": the document is not valid. Enter a new document in your application to try again (attempts left: 2).");
        });
        await().atMost(Duration.ofSeconds(20)).until(() -> rows(journey.id).getFirst().get("sent_at") != null);
        assertThat(DevOutbox.lastWithText((String) rows(journey.id).getFirst().get("body")).path("subject").asString())
                .isEqualTo("Identity verification result (application " + number + ")");
    }

    /**
     * A verification put on hold is told (the seed: "będziesz informowany o kolejnych krokach"), and each failure says
     * what the applicant can do: try again while attempts are left, and that none are once they are all used.
     */
    @Test
    void theApplicantIsToldOfAHoldAndOfTheAttemptsLeft() {
        IssuanceJourney journey = IssuanceJourney.documentsAccepted(web, accounts, "CQS-1Y", "MOBILE_SELF_ID");
        String number = (String) journey.get("").get("number");
        journey.simulate(journey.startVerification(null), Map.of("result", "HELD")).expectStatus().isOk();
        assertThat(bodies(journey.id)).containsExactly("Weryfikacja tożsamości do wniosku " + number
                + " została wstrzymana do wyjaśnienia przez konsultanta; poinformujemy Cię o jego decyzji.");

        IssuanceJourney failing = IssuanceJourney.documentsAccepted(web, accounts, "CQS-1Y", "MOBILE_SELF_ID");
        String failingNumber = (String) failing.get("").get("number");
        failing.simulate(failing.startVerification(null), Map.of("result", "NEGATIVE", "reason", "TECHNICAL_ERROR"))
                .expectStatus().isOk();
        for (int retry = 0; retry < 2; retry++) {
            failing.post("verification/retry", Map.of()).expectStatus().isOk();
            failing.simulate(failing.reference(), Map.of("result", "NEGATIVE", "reason", "TECHNICAL_ERROR")).expectStatus().isOk();
        }
        String failed = "Weryfikacja tożsamości do wniosku " + failingNumber + " nie została zakończona. ";
        assertThat(bodies(failing.id)).containsExactly(
                failed + "Możesz spróbować ponownie we wniosku (pozostałe próby: 2).",
                failed + "Możesz spróbować ponownie we wniosku (pozostałe próby: 1).",
                failed + "Wykorzystano wszystkie próby weryfikacji (3); tego wniosku nie można już zweryfikować.");
    }

    private List<String> bodies(String application) {
        return db.sql("SELECT body FROM notification_outbox WHERE application_id = :id AND kind = 'VERIFICATION_RESULT' ORDER BY id")
                .bind("id", UUID.fromString(application)).map(row -> row.get("body", String.class)).all().collectList().block();
    }

    @Test
    void anEmailWrittenBeforeSubjectsWereStoredIsSentWithTheGenericSubject() {
        String marker = "unsubjected-" + UUID.randomUUID();
        db.sql("INSERT INTO notification_outbox (kind, channel, recipient, body) VALUES ('VOUCHER_EXPIRES', 'EMAIL', :to, :body)")
                .bind("to", marker + "@example.com").bind("body", marker).then().block();

        await().atMost(Duration.ofSeconds(20)).until(() -> db.sql(
                        "SELECT sent_at IS NOT NULL AS sent FROM notification_outbox WHERE recipient = :to")
                .bind("to", marker + "@example.com").map(row -> row.get("sent", Boolean.class)).one().block());
        assertThat(DevOutbox.lastWithText(marker).path("subject").asString()).isEqualTo("Sigillum");
    }

    @Test
    void aRefusedWebhookWritesNoNotification() {
        IssuanceJourney journey = IssuanceJourney.documentsAccepted(web, accounts, "CQS-1Y", "MOBILE_SELF_ID");
        String reference = journey.startVerification(null);

        IssuanceJourney.webhook(web, "/api/v1/webhooks/identity-verification", "wrong-secret",
                Map.of("eventId", "e-" + reference, "reference", reference, "result", "POSITIVE"),
                java.time.Instant.now().getEpochSecond()).expectStatus().isUnauthorized();

        assertThat(rows(journey.id)).isEmpty();
        assertThat(journey.state()).isEqualTo("VERIFICATION_PENDING");
    }

    /** The admin's language is not on record: the reminder speaks Polish, then English, its subject too. */
    @Test
    void anEcodeAboutToExpireGetsOneReminderForItsAdminInPolishThenEnglish() {
        IssuanceFixtures fixtures = new IssuanceFixtures(web, accounts);
        String admin = fixtures.newOrganisationAdmin();
        String code = fixtures.oneCode(admin, "CQS-1Y").replace(" ", "");
        Map<String, Object> expiring = db.sql("""
                        UPDATE ecode SET expires_at = now() + interval '10 days' WHERE code = :code
                        RETURNING id, to_char(expires_at AT TIME ZONE 'Europe/Warsaw', 'YYYY-MM-DD') AS day""")
                .bind("code", code).fetch().one().block();
        long ecode = (Long) expiring.get("id");
        String day = (String) expiring.get("day");

        // the dispatcher's own scan may add it first (it runs 5 s after each start): either way there is one, once
        dispatcher.remindExpiringVouchers().block();
        assertThat(dispatcher.remindExpiringVouchers().block()).isZero();

        Map<String, Object> reminder = db.sql("SELECT kind, recipient, subject, body FROM notification_outbox WHERE ecode_id = :id")
                .bind("id", ecode).fetch().one().block();
        assertThat(reminder).containsEntry("kind", "VOUCHER_EXPIRES")
                .containsEntry("subject", "Niewykorzystany e-kod wkrótce straci ważność / An unused e-code expires soon")
                .containsEntry("body", "Niewykorzystany e-kod na produkt „Kwalifikowany podpis w chmurze na 1 rok” ("
                        + code.substring(0, 4) + "…) traci ważność " + day + ".\n\n"
                        + "An unused e-code for Cloud qualified signature 1 year (" + code.substring(0, 4) + "…) expires on "
                        + day + ".");
        assertThat((String) reminder.get("recipient")).startsWith("admin-");
        await().atMost(Duration.ofSeconds(20)).until(() -> db.sql(
                        "SELECT sent_at IS NOT NULL AS sent FROM notification_outbox WHERE ecode_id = :id")
                .bind("id", ecode).map(row -> row.get("sent", Boolean.class)).one().block());
        assertThat(DevOutbox.lastWithText((String) reminder.get("body")).path("subject").asString())
                .isEqualTo("Niewykorzystany e-kod wkrótce straci ważność / An unused e-code expires soon");
    }

    @Test
    void manyRowsDueAtOnceAreAllSentInOnePoll() {
        // before the fix the poll marked each row on the connection still streaming the claim: two due rows wedged it
        String marker = "burst-" + UUID.randomUUID();
        for (int i = 0; i < 12; i++) {
            db.sql("INSERT INTO notification_outbox (kind, channel, recipient, body) VALUES ('VOUCHER_EXPIRES', 'EMAIL', :to, :body)")
                    .bind("to", marker + "@example.com").bind("body", marker + " #" + i).then().block();
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> db.sql(
                        "SELECT count(*) AS n FROM notification_outbox WHERE recipient = :to AND sent_at IS NOT NULL")
                .bind("to", marker + "@example.com").map(row -> row.get("n", Long.class)).one().block() == 12L);
    }

    @Test
    void aDispatcherStoppedAndStartedAgainKeepsSending() {
        // Spring stops and starts it when a test context is paused and resumed (or a context is restarted): before the
        // fix the second start joined its polls to the composite the stop had disposed, and nothing was sent again
        dispatcher.stop();
        dispatcher.start();
        assertThat(dispatcher.isRunning()).isTrue();
        String marker = "restart-" + UUID.randomUUID();
        db.sql("INSERT INTO notification_outbox (kind, channel, recipient, body) VALUES ('VOUCHER_EXPIRES', 'EMAIL', :to, :body)")
                .bind("to", marker + "@example.com").bind("body", marker).then().block();
        await().atMost(Duration.ofSeconds(20)).until(() -> db.sql(
                        "SELECT sent_at IS NOT NULL AS sent FROM notification_outbox WHERE recipient = :to")
                .bind("to", marker + "@example.com").map(row -> row.get("sent", Boolean.class)).one().block());
    }

    /** The verification results told of the application (its verification link, sent by SMS, is not one). */
    private List<Map<String, Object>> rows(String application) {
        return db.sql("SELECT kind, channel, recipient, subject, body, sent_at FROM notification_outbox WHERE application_id = :id "
                        + "AND kind = 'VERIFICATION_RESULT'")
                .bind("id", UUID.fromString(application)).fetch().all().collectList().block();
    }
}
