package io.sigillum.gateway.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.channel.DefaultEventLoop;
import io.sigillum.gateway.account.AccountService;
import io.sigillum.gateway.admission.SigningLoad;
import io.sigillum.gateway.issuance.IssuanceFixtures;
import io.sigillum.gateway.support.IntegrationTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/** The audit chain: group-committed under concurrency, and any edited row is found. */
class AuditChainIntegrationTests extends IntegrationTest {

    @Autowired
    AuditLog audit;
    @Autowired
    AuditVerifier verifier;
    @Autowired
    DatabaseClient db;
    @Autowired
    ApplicationContext context;

    @Test
    void concurrentRecordsAreAllCommittedAndTheChainVerifies() {
        String credential = "cred-" + UUID.randomUUID();
        Flux.range(0, 500)
                .flatMap(i -> audit.record(entry(credential, "hash" + i)), 256)
                .then().block();

        Long stored = db.sql("SELECT count(*) AS n FROM audit_record WHERE credential_id = :c").bind("c", credential)
                .map(row -> row.get("n", Long.class)).one().block();
        assertThat(stored).isEqualTo(500);
        Long transactions = db.sql("SELECT count(DISTINCT recorded_at) AS n FROM audit_record WHERE credential_id = :c")
                .bind("c", credential).map(row -> row.get("n", Long.class)).one().block();
        assertThat(transactions).as("records share transactions (group commit)").isLessThan(500);
        assertThat(verifier.verify().block().intact()).isTrue();
    }

    @Test
    void eachGroupCommitIsTimedWithItsRecordCount() {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        AuditLog timed = new AuditLog(db, context.getBean(TransactionalOperator.class), context.getBean(AuditProperties.class),
                context.getBean(SigningLoad.class), meters);
        String credential = "cred-" + UUID.randomUUID();
        Flux.range(0, 200).flatMap(i -> timed.record(entry(credential, "hash" + i)), 64).then().block();

        long commits = meters.get("sigillum.audit.commits").tag("outcome", "committed").timer().count();
        assertThat(meters.get("sigillum.audit.commit.records").summary().totalAmount()).isEqualTo(200);
        assertThat(meters.get("sigillum.audit.commit.records").summary().count()).isEqualTo(commits);
        assertThat(commits).isBetween(1L, 199L);
        assertThat(meters.get("sigillum.audit.commits").tag("outcome", "failed").timer().count()).isZero();
    }

    @Test
    void whileRecordsArriveFasterThanCommitsTheyGatherForTheInterval() {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        AuditLog gathering = logWith(Duration.ofSeconds(1), 16, () -> true, meters);
        String credential = "cred-" + UUID.randomUUID();
        // a lone record commits at once, and so do the five that queued behind it (the commit before carried one)
        lastCommitCarriesFive(gathering, credential);
        // the commit before carried five: these, each arriving within a second of its start, share one commit
        Flux.range(0, 10).flatMap(i -> gathering.record(entry(credential, "next" + i))).then().block(Duration.ofSeconds(5));

        DistributionSummary records = meters.get("sigillum.audit.commit.records").summary();
        assertThat(records.count()).isEqualTo(3);
        assertThat(records.max()).isEqualTo(10);
        assertThat(verifier.verify().block().intact()).isTrue();
    }

    @Test
    void aFullGroupALoneCallerOrSigningShortOfPermitsCommitsAtOnce() {
        // an interval far past each wait's deadline below: only the exceptions to gathering commit these in time
        String credential = "cred-" + UUID.randomUUID();
        AuditLog full = logWith(Duration.ofMinutes(10), 4, () -> true, new SimpleMeterRegistry());
        Flux.range(0, 3).flatMap(i -> full.record(entry(credential, "start" + i))).then().block(Duration.ofSeconds(5));
        Flux.range(0, 4).flatMap(i -> full.record(entry(credential, "group" + i))).then().block(Duration.ofSeconds(5));

        AuditLog alone = logWith(Duration.ofMinutes(10), 16, () -> true, new SimpleMeterRegistry());
        for (int i = 0; i < 3; i++) {
            alone.record(entry(credential, "alone" + i)).block(Duration.ofSeconds(5));
        }

        AuditLog busy = logWith(Duration.ofMinutes(10), 16, () -> false, new SimpleMeterRegistry());
        Flux.range(0, 3).flatMap(i -> busy.record(entry(credential, "busy" + i))).then().block(Duration.ofSeconds(5));
        Flux.range(0, 3).flatMap(i -> busy.record(entry(credential, "busier" + i))).then().block(Duration.ofSeconds(5));

        Long stored = db.sql("SELECT count(*) AS n FROM audit_record WHERE credential_id = :c").bind("c", credential)
                .map(row -> row.get("n", Long.class)).one().block();
        assertThat(stored).isEqualTo(16);
    }

    @Test
    void aGatheredRecordIsCommittedThoughTheEventLoopItCameFromShutsDown() throws Exception {
        AuditLog gathering = logWith(Duration.ofMillis(300), 16, () -> true, new SimpleMeterRegistry());
        String credential = "cred-" + UUID.randomUUID();
        lastCommitCarriesFive(gathering, credential);
        DefaultEventLoop loop = new DefaultEventLoop();
        CompletableFuture<Void> committed = new CompletableFuture<>();
        try {
            // recorded on an event loop, which then closes while the record gathers
            loop.submit(() -> gathering.record(entry(credential, "gathered"))
                    .subscribe(null, committed::completeExceptionally, () -> committed.complete(null))).sync();
        } finally {
            loop.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS).sync();
        }

        committed.get(5, TimeUnit.SECONDS);
        gathering.destroy();
    }

    @Test
    void closingTheLogCommitsTheRecordsWaitingForItsTimerAndAnyAfterAtOnce() throws Exception {
        AuditLog gathering = logWith(Duration.ofMinutes(10), 16, () -> true, new SimpleMeterRegistry());
        String credential = "cred-" + UUID.randomUUID();
        lastCommitCarriesFive(gathering, credential);
        CompletableFuture<Void> waiting = gathering.record(entry(credential, "waiting")).toFuture();
        assertThatThrownBy(() -> waiting.get(200, TimeUnit.MILLISECONDS)).isInstanceOf(TimeoutException.class);

        gathering.destroy();

        waiting.get(5, TimeUnit.SECONDS);
        Flux.range(0, 3).flatMap(i -> gathering.record(entry(credential, "after" + i))).then().block(Duration.ofSeconds(5));
        Long stored = db.sql("SELECT count(*) AS n FROM audit_record WHERE credential_id = :c").bind("c", credential)
                .map(row -> row.get("n", Long.class)).one().block();
        assertThat(stored).isEqualTo(10);
    }

    /**
     * Six records, the first committed alone and the five behind it together: the chain head's row is held locked
     * until all six wait, so the split cannot depend on how fast this thread queues them.
     */
    private void lastCommitCarriesFive(AuditLog log, String credential) {
        Sinks.Empty<Void> release = Sinks.empty();
        CountDownLatch locked = new CountDownLatch(1);
        Mono<Void> holding = context.getBean(TransactionalOperator.class).transactional(
                db.sql("SELECT last_seq FROM audit_chain_head WHERE id = 1 FOR UPDATE").fetch().first()
                        .doOnNext(row -> locked.countDown()).then(release.asMono()));
        CompletableFuture<Void> held = holding.toFuture();
        CompletableFuture<Void> six;
        try {
            assertThat(locked.await(5, TimeUnit.SECONDS)).isTrue();
            six = Flux.range(0, 6).flatMap(i -> log.record(entry(credential, "first" + i))).then().toFuture();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            release.tryEmitEmpty();
        }
        held.orTimeout(5, TimeUnit.SECONDS).join();
        six.orTimeout(5, TimeUnit.SECONDS).join();
    }

    private AuditLog logWith(Duration interval, int gatherRecords, SigningLoad load, SimpleMeterRegistry meters) {
        AuditProperties defaults = context.getBean(AuditProperties.class);
        AuditProperties gathering = new AuditProperties(defaults.maxBatch(), defaults.maxPending(), defaults.commitDeadline(),
                defaults.stallAfter(), interval, gatherRecords);
        return new AuditLog(db, context.getBean(TransactionalOperator.class), gathering, load, meters);
    }

    @Test
    void hashListsOfEveryShapeAreStoredAsGivenAndChained() {
        String credential = "cred-" + UUID.randomUUID();
        List<List<String>> lists = List.of(List.of(), List.of("AAAA"), List.of("q83v", "3q2+7w==", "AA=="), List.of());
        // a lone record without hashes (its batch's hash lists are one empty text), then records batched together
        audit.record(new AuditEntry("revoke", "operator:test", credential, "user-test", "", "", List.of(), "OK")).block();
        Flux.fromIterable(lists).flatMap(hashes -> audit.record(new AuditEntry("signHash", "platform-test", credential,
                "user-test", "sad", "2.16.840.1.101.3.4.2.1", hashes, "OK")), 4).then().block();

        List<String> stored = db.sql("SELECT hashes FROM audit_record WHERE credential_id = :c ORDER BY seq")
                .bind("c", credential).map(row -> row.get("hashes", String.class)).all().collectList().block();
        assertThat(stored).containsExactlyInAnyOrder("", "", "AAAA", "q83v,3q2+7w==,AA==", "");
        assertThat(verifier.verify().block().intact()).isTrue();
    }

    @Test
    void aHashThatCouldBlurTheListIsRefused() {
        assertThatThrownBy(() -> entry("cred", "AA==,AA==")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> entry("cred", "AA==\nAA==")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void twoWritersOfOneChainInterleaveWithoutForkingIt() {
        // a second log over the same database stands for another gateway instance: each appends only onto the head it
        // knows, and whoever finds the head moved re-chains its batch onto the new one
        AuditLog other = new AuditLog(db, context.getBean(TransactionalOperator.class), context.getBean(AuditProperties.class),
                context.getBean(SigningLoad.class), new SimpleMeterRegistry());
        String credential = "cred-" + UUID.randomUUID();
        Flux.merge(Flux.range(0, 300).flatMap(i -> audit.record(entry(credential, "a" + i)), 64),
                        Flux.range(0, 300).flatMap(i -> other.record(entry(credential, "b" + i)), 64))
                .then().block();

        Long stored = db.sql("SELECT count(*) AS n FROM audit_record WHERE credential_id = :c").bind("c", credential)
                .map(row -> row.get("n", Long.class)).one().block();
        assertThat(stored).isEqualTo(600);
        assertThat(verifier.verify().block().intact()).isTrue();
    }

    @Test
    void aTamperedRowIsFound() {
        String credential = "cred-" + UUID.randomUUID();
        List<Mono<Void>> writes = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            writes.add(audit.record(entry(credential, "h" + i)));
        }
        Flux.concat(writes).then().block();
        Long victim = db.sql("SELECT max(seq) AS s FROM audit_record WHERE credential_id = :c").bind("c", credential)
                .map(row -> row.get("s", Long.class)).one().block();
        String original = db.sql("SELECT result FROM audit_record WHERE seq = :s").bind("s", victim)
                .map(row -> row.get("result", String.class)).one().block();

        try {
            tamper(victim, "DENIED pin");
            AuditVerifier.Verification verification = verifier.verify().block();
            assertThat(verification.intact()).isFalse();
            assertThat(verification.firstBrokenSeq()).contains(victim);
        } finally {
            tamper(victim, original);
        }
        assertThat(verifier.verify().block().intact()).isTrue();
    }

    @Test
    void recordsCutFromTheEndAreFound() {
        String credential = "cred-" + UUID.randomUUID();
        audit.record(entry(credential, "last")).block();
        Long last = db.sql("SELECT max(seq) AS s FROM audit_record").map(row -> row.get("s", Long.class)).one().block();
        Map<String, Object> saved = db.sql("SELECT * FROM audit_record WHERE seq = :s").bind("s", last).fetch().one().block();

        try {
            db.sql("ALTER TABLE audit_record DISABLE RULE audit_record_no_delete").then()
                    .then(db.sql("DELETE FROM audit_record WHERE seq = :s").bind("s", last).then())
                    .then(db.sql("ALTER TABLE audit_record ENABLE RULE audit_record_no_delete").then()).block();
            AuditVerifier.Verification verification = verifier.verify().block();
            assertThat(verification.intact()).isFalse();
            assertThat(verification.firstBrokenSeq()).contains(last);
        } finally {
            var insert = db.sql("INSERT INTO audit_record (seq, recorded_at, operation, platform, credential_id, user_id, sad_id, "
                    + "hash_algorithm, hashes, result, prev_hash, record_hash) VALUES (:seq, :at, :op, :platform, :credential, "
                    + ":user, :sad, :alg, :hashes, :result, :prev, :hash)");
            insert.bind("seq", saved.get("seq")).bind("at", saved.get("recorded_at")).bind("op", saved.get("operation"))
                    .bind("platform", saved.get("platform")).bind("credential", saved.get("credential_id"))
                    .bind("user", saved.get("user_id")).bind("sad", saved.get("sad_id")).bind("alg", saved.get("hash_algorithm"))
                    .bind("hashes", saved.get("hashes")).bind("result", saved.get("result")).bind("prev", saved.get("prev_hash"))
                    .bind("hash", saved.get("record_hash")).then().block();
        }
        assertThat(verifier.verify().block().intact()).isTrue();
    }

    @Test
    void onlyAnOperatorMayRunTheCheckOverHttp() {
        IssuanceFixtures accounts = new IssuanceFixtures(web, context.getBean(AccountService.class));
        String applicant = accounts.newApplicant();
        web.get().uri("/api/v1/operator/audit/verification").headers(h -> h.setBearerAuth(applicant))
                .exchange().expectStatus().isForbidden();
        String admin = accounts.newOrganisationAdmin();
        String email = IssuanceFixtures.unique("auditor") + "@test.local";
        web.post().uri("/api/v1/org/operators").headers(h -> h.setBearerAuth(admin)).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("email", email, "password", IssuanceFixtures.PASSWORD, "pointOfSale", "Gdańsk"))
                .exchange().expectStatus().is2xxSuccessful();
        String operator = accounts.login(email);
        // a HEAD (a link checker's) runs no check and spends none of the hour's
        for (int head = 0; head <= AuditController.CHECKS_PER_HOUR; head++) {
            web.head().uri("/api/v1/operator/audit/verification").headers(h -> h.setBearerAuth(operator))
                    .exchange().expectStatus().isOk();
        }

        web.get().uri("/api/v1/operator/audit/verification").headers(h -> h.setBearerAuth(operator))
                .exchange().expectStatus().isOk().expectBody().jsonPath("$.intact").isEqualTo(true);
        // a check reads the whole log: an organisation's operators may ask for a few an hour, not as often as they like
        for (int check = 2; check <= AuditController.CHECKS_PER_HOUR; check++) {
            web.get().uri("/api/v1/operator/audit/verification").headers(h -> h.setBearerAuth(operator))
                    .exchange().expectStatus().isOk();
        }
        web.get().uri("/api/v1/operator/audit/verification").headers(h -> h.setBearerAuth(operator))
                .exchange().expectStatus().isEqualTo(429).expectHeader().exists("Retry-After");
    }

    private void tamper(long seq, String result) {
        // the table refuses UPDATE through a rule; an attacker with DDL rights can switch it off — the chain still tells
        db.sql("ALTER TABLE audit_record DISABLE RULE audit_record_no_update").then()
                .then(db.sql("UPDATE audit_record SET result = :r WHERE seq = :s").bind("r", result).bind("s", seq).then())
                .then(db.sql("ALTER TABLE audit_record ENABLE RULE audit_record_no_update").then())
                .block();
    }

    private static AuditEntry entry(String credential, String hash) {
        return new AuditEntry("signHash", "platform-test", credential, "user-test", "sad", "2.16.840.1.101.3.4.2.1",
                List.of(hash), "OK");
    }
}
