package io.sigillum.gateway.issuance.certificate;

import static org.assertj.core.api.Assertions.assertThat;

import io.sigillum.gateway.account.AccountService;
import io.sigillum.gateway.issuance.IssuanceJourney;
import io.sigillum.gateway.support.IntegrationTest;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.r2dbc.core.DatabaseClient;

/**
 * The token's work (key generation, CSR, CA) runs between the reservation's and the recording's transactions, holding no
 * lock; a second issuance waits for a running one, and a retry after a crash takes the abandoned reservation over.
 */
class CertificateIssuanceLockIntegrationTests extends IntegrationTest {

    @Autowired
    AccountService accounts;

    @Autowired
    DatabaseClient db;

    @Autowired
    AbandonedIssuances abandonedIssuances;

    IssuanceJourney journey;

    @BeforeEach
    void signedStatement() {
        journey = IssuanceJourney.documentsAccepted(web, accounts, "CQS-2Y", "MOBILE_SELF_ID").verified();
        journey.post("statement/sign", Map.of("code", journey.statementCode())).expectStatus().isOk();
    }

    @Test
    void theKeyIsGeneratedBetweenTwoShortTransactionsNotInsideOne() {
        journey.post("certificate", null).expectStatus().isOk().expectBody().jsonPath("$.state")
                .isEqualTo("CERTIFICATE_ISSUED");

        // now() is the start of the current transaction: the reservation and the recording would share it if the
        // token's work (which happens between them) ran inside one transaction holding the application's lock
        Map<String, Object> times = db.sql("""
                        SELECT c.created_at AS reserved, h.at AS recorded FROM application a
                        JOIN credential c ON c.id = a.credential_id
                        JOIN application_history h ON h.application_id = a.id AND h.transition = 'ISSUE_CERTIFICATE'
                        WHERE a.id = :id""")
                .bind("id", UUID.fromString(journey.id)).fetch().one().block();
        assertThat((OffsetDateTime) times.get("reserved")).isBefore((OffsetDateTime) times.get("recorded"));
    }

    @Test
    void aReservationOfARunningIssuanceMakesASecondOneWait() {
        reserve("'now'");

        journey.post("certificate", null).expectStatus().isEqualTo(409).expectBody().jsonPath("$.code")
                .isEqualTo("certificate_issuance_in_progress");
        assertThat(journey.state()).isEqualTo("STATEMENT_SIGNED");
    }

    @Test
    void aRetryAfterACrashTakesTheAbandonedReservationOver() {
        String credentialId = reserve("now() - interval '1 hour'");

        journey.post("certificate", null).expectStatus().isOk();

        assertThat(journey.get("/certificate")).containsEntry("credentialId", credentialId);
    }

    /**
     * A crash after the CA had signed (the certificate registered, not yet stored): the retry revokes that certificate
     * as superseded, keeps its record, and issues the credential a certificate of its own.
     */
    @Test
    void aCertificateTheCrashedAttemptHadSignedIsRevokedAsSupersededNotForgotten() {
        String credentialId = reserve("now() - interval '1 hour'");
        String crashed = signedBeforeTheCrash(credentialId);

        journey.post("certificate", null).expectStatus().isOk();

        Map<String, Object> first = db.sql("SELECT status, reason, credential_id FROM certificate_status WHERE serial = :serial")
                .bind("serial", crashed).fetch().one().block();
        assertThat(first).containsEntry("status", "REVOKED").containsEntry("reason", (short) 4)
                .containsEntry("credential_id", null);
        String serial = (String) journey.get("/certificate").get("serialNumber");
        Map<String, Object> second = db.sql("SELECT status, credential_id FROM certificate_status WHERE credential_id = :id")
                .bind("id", credentialId).fetch().one().block();
        assertThat(second).containsEntry("status", "GOOD");
        assertThat(serial).isNotEqualToIgnoringCase(crashed);
    }

    /**
     * The gateway stopped after the issuance's last commit and before the answer's: a retry with the request's key is
     * answered with the issued application (a replay), not 409; a request with another key is still refused.
     */
    @Test
    void aRetryWithItsKeyAfterTheAnswerWasLostIsAnsweredNotRefused() {
        issueWithKey("issue-1").expectStatus().isOk().expectHeader().valueEquals("Idempotent-Replayed", "false");
        db.sql("UPDATE issuance_idempotency SET response = NULL WHERE idem_key = 'issue-1'").then().block(); // lost

        issueWithKey("issue-1").expectStatus().isOk().expectHeader().valueEquals("Idempotent-Replayed", "true")
                .expectBody().jsonPath("$.state").isEqualTo("CERTIFICATE_ISSUED").jsonPath("$.id").isEqualTo(journey.id);
        issueWithKey("issue-1").expectStatus().isOk().expectHeader().valueEquals("Idempotent-Replayed", "true");
        issueWithKey("issue-2").expectStatus().isEqualTo(409);
    }

    private org.springframework.test.web.reactive.server.WebTestClient.ResponseSpec issueWithKey(String key) {
        return web.post().uri("/api/v1/applications/{id}/certificate", journey.id)
                .headers(h -> h.setBearerAuth(journey.applicant)).header("Idempotency-Key", key).exchange();
    }

    /**
     * An issuance that crashed and was never retried is cleared once its lease has run out: its certificate revoked as
     * superseded (its record kept), the reservation gone from the application, which the applicant can then issue
     * afresh; a reservation still within its lease is left alone.
     */
    @Test
    void anAbandonedIssuanceNobodyRetriedIsClearedOnceItsLeaseHasRunOut() {
        String abandoned = reserve("now() - interval '1 hour'");
        String crashed = signedBeforeTheCrash(abandoned);
        IssuanceJourney running = IssuanceJourney.documentsAccepted(web, accounts, "CQS-2Y", "MOBILE_SELF_ID").verified();
        running.post("statement/sign", Map.of("code", running.statementCode())).expectStatus().isOk();
        String fresh = reserve(running, "now()");

        assertThat(abandonedIssuances.sweep().block()).isPositive();

        assertThat(db.sql("SELECT count(*) AS n FROM credential WHERE id = :id").bind("id", abandoned)
                .map(row -> row.get("n", Long.class)).one().block()).isZero();
        assertThat(db.sql("SELECT status, reason, credential_id FROM certificate_status WHERE serial = :serial")
                .bind("serial", crashed).fetch().one().block()).containsEntry("status", "REVOKED").containsEntry("reason", (short) 4)
                .containsEntry("credential_id", null);
        assertThat(db.sql("SELECT count(*) AS n FROM credential WHERE id = :id").bind("id", fresh)
                .map(row -> row.get("n", Long.class)).one().block()).isOne();
        journey.post("certificate", null).expectStatus().isOk();
        assertThat(journey.get("/certificate").get("credentialId")).isNotEqualTo(abandoned);
    }

    /** A certificate the CA signed and registered for the reservation before the crash (a serial of its own each run). */
    private String signedBeforeTheCrash(String credentialId) {
        String serial = new java.math.BigInteger(64, new java.security.SecureRandom()).setBit(63).toString(16);
        db.sql("""
                        INSERT INTO certificate_status (serial, issuer, subject, kind, credential_id, not_after)
                        VALUES (:serial, 'CN=Issuing', 'CN=Crashed', 'END_ENTITY', :id, now() + interval '2 years')""")
                .bind("serial", serial).bind("id", credentialId).then().block();
        return serial;
    }

    /** What a crash between reservation and recording leaves: a credential without a certificate, linked. */
    private String reserve(String claimedAt) {
        return reserve(journey, claimedAt);
    }

    private String reserve(IssuanceJourney journey, String claimedAt) {
        String credentialId = UUID.randomUUID().toString();
        db.sql("INSERT INTO credential (id, user_id, key_alias, key_algorithm, status, phone, updated_at) "
                        + "VALUES (:id, 'crashed', :alias, 'EC_P256', 'PENDING', :phone, " + claimedAt + ")")
                .bind("id", credentialId).bind("alias", "cred-" + credentialId).bind("phone", journey.phone)
                .then()
                .then(db.sql("UPDATE application SET credential_id = :credential WHERE id = :id")
                        .bind("credential", credentialId).bind("id", UUID.fromString(journey.id)).then())
                .block();
        return credentialId;
    }
}
