package io.sigillum.gateway.admission;

import static org.assertj.core.api.Assertions.assertThat;

import io.sigillum.gateway.audit.AuditVerifier;
import io.sigillum.gateway.auth.PlatformClient;
import io.sigillum.gateway.config.EmbeddedServers;
import io.sigillum.gateway.credential.Credential;
import io.sigillum.gateway.sad.SadStore;
import io.sigillum.gateway.support.CscClient;
import io.sigillum.gateway.support.GatewayInstance;
import io.sigillum.gateway.support.SigningFixtures;
import io.sigillum.signer.algorithm.KeyAlgorithm;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A store that stops answering (SIGSTOP: a frozen VM, a GC pause, a dead network path) must not hold requests: each
 * is answered within its class's deadline, 200 with its audit record or 503; nothing is released unaudited; and the
 * gateway recovers by itself when the store comes back. The gateway runs on PostgreSQL and Redis processes of its own.
 */
class StoreFreezeIntegrationTests {

    private static final Duration DEADLINE = Duration.ofMillis(2000);
    /** What a response may take beyond the deadline on a loaded 2-core machine: scheduling, not waiting. */
    private static final Duration SLACK = Duration.ofMillis(1000);
    private static final int CONCURRENT = 12;
    /** The tests that freeze PostgreSQL during an audit commit: the store deadline (1 s) ends it within the signing's (3 s). */
    private static final Map<String, String> FROZEN_AUDIT_SETTINGS = Map.of("sigillum.stores.timeout", "1s",
            "sigillum.admission.signing-deadline", "3s", "sigillum.admission.signing-reserve", "1s",
            "sigillum.csc.credential-cache-ttl", "5m");

    @Test
    void requestsAreAnsweredWithinTheDeadlineWhilePostgresOrRedisIsFrozen(@TempDir Path dir) throws Exception {
        try (EmbeddedServers servers = EmbeddedServers.start(dir.resolve("servers"), true, true)) {
            try (GatewayInstance gateway = startOn(servers, dir, Map.of("sigillum.stores.timeout", "1s",
                    "sigillum.admission.signing-deadline", DEADLINE.toMillis() + "ms", "sigillum.admission.signing-reserve", "1s",
                    "sigillum.audit.stall-after", "300ms", "sigillum.csc.credential-cache-ttl", "5m"))) {
                SigningFixtures fixtures = new SigningFixtures(gateway.context());
                PlatformClient platform = fixtures.platform();
                Credential credential = fixtures.credential(platform, KeyAlgorithm.EC_P256, "freeze-user", 100);
                CscClient client = CscClient.login(gateway.web(), platform.clientId(), SigningFixtures.secretOf(platform.clientId()));
                List<String> hashes = IntStream.range(0, 3 * CONCURRENT + 3).mapToObj(i -> CscClient.sha256("doc " + i)).toList();
                String sad = client.authorize(credential.id(), hashes, hashes.size(), SigningFixtures.PIN,
                        client.challenge(credential.id(), credential.phone()));
                client.ok("signatures/signHash", CscClient.signHashBody(credential.id(), sad, List.of(hashes.get(0))));
                WebClient http = WebClient.create("http://127.0.0.1:" + gateway.port());
                int released = 1;

                List<Long> postgres = postgresProcesses(dir.resolve("servers/postgres"));
                released += underFreeze(postgres, http, client.token(), credential.id(), sad, hashes.subList(1, 1 + CONCURRENT));
                released += recovers(http, client.token(), credential.id(), sad, hashes.get(1 + CONCURRENT));

                List<Long> redis = List.of(redisProcess(gateway));
                released += underFreeze(redis, http, client.token(), credential.id(), sad,
                        hashes.subList(2 + CONCURRENT, 2 + 2 * CONCURRENT));
                released += recovers(http, client.token(), credential.id(), sad, hashes.get(2 + 2 * CONCURRENT));

                AuditVerifier.Verification chain = gateway.context().getBean(AuditVerifier.class).verify().block(Duration.ofSeconds(10));
                assertThat(chain.intact()).isTrue();
                long audited = gateway.context().getBean(DatabaseClient.class)
                        .sql("SELECT count(*) AS n FROM audit_record WHERE operation = 'signHash' AND sad_id = :sad AND result = 'OK'")
                        .bind("sad", SadStore.idOf(sad)).map(row -> row.get("n", Long.class)).one().block(Duration.ofSeconds(10));
                assertThat(audited).as("every released signature has its audit record").isGreaterThanOrEqualTo(released);
            }
        }
    }

    /**
     * A client that gives up while its request waits (here on a frozen PostgreSQL, before the credential is even
     * loaded) takes its request with it: the gateway stops the work, and the SAD is not spent. The deadline is long and
     * the reserve short, so only the client's going away can stop it.
     */
    @Test
    void aRequestWhoseClientHasGoneSpendsNoSad(@TempDir Path dir) throws Exception {
        try (EmbeddedServers servers = EmbeddedServers.start(dir.resolve("servers"), true, true)) {
            try (GatewayInstance gateway = startOn(servers, dir, Map.of("sigillum.admission.signing-deadline", "30s",
                    "sigillum.admission.signing-reserve", "100ms", "sigillum.stores.timeout", "20s",
                    "sigillum.audit.commit-deadline", "20s"))) {
                SigningFixtures fixtures = new SigningFixtures(gateway.context());
                PlatformClient platform = fixtures.platform();
                Credential credential = fixtures.credential(platform, KeyAlgorithm.EC_P256, "gone-user", 1);
                CscClient client = CscClient.login(gateway.web(), platform.clientId(), SigningFixtures.secretOf(platform.clientId()));
                String hash = CscClient.sha256("gone");
                String sad = client.authorize(credential.id(), List.of(hash), 1, SigningFixtures.PIN,
                        client.challenge(credential.id(), credential.phone()));
                WebClient http = WebClient.create("http://127.0.0.1:" + gateway.port());

                List<Long> postgres = postgresProcesses(dir.resolve("servers/postgres"));
                signal("STOP", postgres);
                try {
                    // the credential is not cached yet: the request waits on PostgreSQL until the client gives up
                    Outcome abandoned = timed(http, client.token(), credential.id(), sad, hash)
                            .timeout(Duration.ofMillis(500), Mono.just(new Outcome(0, Duration.ofMillis(500))))
                            .block(Duration.ofSeconds(5));
                    assertThat(abandoned.status()).isZero();
                    Mono.delay(Duration.ofSeconds(2)).block();
                } finally {
                    signal("CONT", postgres);
                }
                Mono.delay(Duration.ofSeconds(2)).block(); // had the work gone on, it would have spent the SAD by now
                assertThat(client.ok("signatures/signHash", CscClient.signHashBody(credential.id(), sad, List.of(hash)))
                        .get("signatures")).hasSize(1);
            }
        }
    }

    /**
     * A SAD spent by a call whose answer came too late is given back: Redis, frozen, runs the script only after the
     * gateway has answered 503 — without the undo, the last signature of the SAD would be gone with nothing signed.
     */
    @Test
    void aSpendWhoseAnswerCameTooLateIsUndone(@TempDir Path dir) throws Exception {
        try (EmbeddedServers servers = EmbeddedServers.start(dir.resolve("servers"), true, true)) {
            try (GatewayInstance gateway = startOn(servers, dir, Map.of("sigillum.stores.timeout", "1s",
                    "sigillum.admission.signing-deadline", "3s", "sigillum.admission.signing-reserve", "1s"))) {
                LastSignature last = LastSignature.of(gateway, "late-user");
                assertThat(last.signWhileFrozen(List.of(redisProcess(gateway)))).isEqualTo(503);
                assertThat(last.signsAgain()).isEqualTo(1);
            }
        }
    }

    /**
     * An extendTransaction that Redis, frozen, runs only after the gateway answered 503 loses nothing: without the undo, the
     * old SAD would be gone and the new one never handed out — the holder would have to authorize again.
     */
    @Test
    void anExtensionWhoseAnswerCameTooLateIsUndone(@TempDir Path dir) throws Exception {
        try (EmbeddedServers servers = EmbeddedServers.start(dir.resolve("servers"), true, true)) {
            try (GatewayInstance gateway = startOn(servers, dir, Map.of("sigillum.stores.timeout", "1s"))) {
                // extended once first, as a platform does: Redis then knows the script, and runs it when it thaws (one
                // it does not know is answered NOSCRIPT after the gateway gave up, and never runs)
                LastSignature last = LastSignature.of(gateway, "late-extension-user").extended();
                assertThat(last.extendWhileFrozen(List.of(redisProcess(gateway)))).isEqualTo(503);
                assertThat(last.signsAgain()).isEqualTo(1);
            }
        }
    }

    /**
     * Once a store is back, the first request signs: after a quiet spell, no other request has probed the store, and
     * this one waits for its probe rather than being refused while the store already answers. Redis first, then
     * PostgreSQL, each frozen under a request of its own.
     */
    @Test
    void theFirstRequestAfterAStoreComesBackSigns(@TempDir Path dir) throws Exception {
        try (EmbeddedServers servers = EmbeddedServers.start(dir.resolve("servers"), true, true)) {
            try (GatewayInstance gateway = startOn(servers, dir, FROZEN_AUDIT_SETTINGS)) {
                LastSignature redis = LastSignature.of(gateway, "back-after-redis-user");
                assertThat(redis.signWhileFrozen(List.of(redisProcess(gateway)))).isEqualTo(503);
                Mono.delay(Duration.ofSeconds(1)).block(); // the undo of the frozen call runs, and the spell stays quiet
                assertThat(redis.signOnce()).isEqualTo(200);

                LastSignature postgres = LastSignature.of(gateway, "back-after-postgres-user");
                assertThat(postgres.signWhileFrozen(postgresProcesses(dir.resolve("servers/postgres")))).isEqualTo(503);
                Mono.delay(Duration.ofSeconds(1)).block();
                assertThat(postgres.signOnce()).isEqualTo(200);
            }
        }
    }

    /**
     * A signature that could not be audited is not released, and the signature it spent goes back to the SAD: here
     * PostgreSQL freezes after the SAD was spent, so the audit commit runs out of time.
     */
    @Test
    void aSpendThatReleasedNothingIsGivenBack(@TempDir Path dir) throws Exception {
        try (EmbeddedServers servers = EmbeddedServers.start(dir.resolve("servers"), true, true)) {
            try (GatewayInstance gateway = startOn(servers, dir, FROZEN_AUDIT_SETTINGS)) {
                LastSignature last = LastSignature.of(gateway, "unaudited-user");
                assertThat(last.signWhileFrozen(postgresProcesses(dir.resolve("servers/postgres")))).isEqualTo(503);
                assertThat(last.signsAgain()).isEqualTo(1);
            }
        }
    }

    /**
     * The frozen PostgreSQL of the test above receives the audit statement and, once thawed, commits it after the
     * gateway has answered 503: the log would then count a signature that was never released. It says so instead: for
     * every such record it adds one that the result was withheld, so the records that count as released (OK less
     * WITHHELD) are exactly the two signatures the client received.
     */
    @Test
    void aRecordCommittedAfterItsDeadlineIsMarkedWithheld(@TempDir Path dir) throws Exception {
        try (EmbeddedServers servers = EmbeddedServers.start(dir.resolve("servers"), true, true)) {
            try (GatewayInstance gateway = startOn(servers, dir, FROZEN_AUDIT_SETTINGS)) {
                LastSignature last = LastSignature.of(gateway, "withheld-user");
                assertThat(last.signWhileFrozen(postgresProcesses(dir.resolve("servers/postgres")))).isEqualTo(503);
                assertThat(last.signsAgain()).isEqualTo(1);

                DatabaseClient db = gateway.context().getBean(DatabaseClient.class);
                long until = System.nanoTime() + Duration.ofSeconds(15).toNanos();
                long released;
                do {
                    Mono.delay(Duration.ofMillis(200)).block();
                    released = db.sql("SELECT count(*) FILTER (WHERE result = 'OK') - count(*) FILTER (WHERE result LIKE 'WITHHELD %')"
                                    + " AS n FROM audit_record WHERE operation = 'signHash' AND credential_id = :c")
                            .bind("c", last.credentialId()).map(row -> row.get("n", Long.class)).one().block();
                } while (released != 2 && System.nanoTime() < until);
                assertThat(released).as("signatures the audit log counts as released").isEqualTo(2);
            }
        }
    }

    /**
     * A request that only reads PostgreSQL — a platform listing a user's credentials — is answered 503 within the store
     * deadline while PostgreSQL answers nothing, not at its request class's deadline (five times longer); once
     * PostgreSQL is back, the same request lists the credential.
     */
    @Test
    void aReadFromAFrozenPostgresEndsAtTheStoreDeadline(@TempDir Path dir) throws Exception {
        try (EmbeddedServers servers = EmbeddedServers.start(dir.resolve("servers"), true, true)) {
            try (GatewayInstance gateway = startOn(servers, dir, Map.of("sigillum.stores.timeout", "1s",
                    "sigillum.admission.other-deadline", "5s", "sigillum.admission.authorization-deadline", "5s"))) {
                SigningFixtures fixtures = new SigningFixtures(gateway.context());
                PlatformClient platform = fixtures.platform();
                Credential credential = fixtures.credential(platform, KeyAlgorithm.EC_P256, "frozen-read-user", 1);
                CscClient client = CscClient.login(gateway.web(), platform.clientId(), SigningFixtures.secretOf(platform.clientId()));
                WebClient http = WebClient.create("http://127.0.0.1:" + gateway.port());
                Map<String, String> body = Map.of("userID", "frozen-read-user");

                List<Long> postgres = postgresProcesses(dir.resolve("servers/postgres"));
                signal("STOP", postgres);
                Outcome frozen;
                try {
                    frozen = timed(http, client.token(), "credentials/list", body).block(Duration.ofSeconds(10));
                } finally {
                    signal("CONT", postgres);
                }
                assertThat(frozen.status()).isEqualTo(503);
                assertThat(frozen.took()).isLessThanOrEqualTo(Duration.ofSeconds(1).plus(SLACK));
                assertThat(client.ok("credentials/list", body).get("credentialIDs").toString()).contains(credential.id());
            }
        }
    }

    /** A SAD for two signatures, the first spent: its last one signed while a store is frozen, then again after. */
    private record LastSignature(CscClient client, WebClient http, String credentialId, String sad, String hash) {

        static LastSignature of(GatewayInstance gateway, String userId) {
            SigningFixtures fixtures = new SigningFixtures(gateway.context());
            PlatformClient platform = fixtures.platform();
            Credential credential = fixtures.credential(platform, KeyAlgorithm.EC_P256, userId, 2);
            CscClient client = CscClient.login(gateway.web(), platform.clientId(), SigningFixtures.secretOf(platform.clientId()));
            List<String> hashes = List.of(CscClient.sha256("first"), CscClient.sha256("last"));
            String sad = client.authorize(credential.id(), hashes, 2, SigningFixtures.PIN,
                    client.challenge(credential.id(), credential.phone()));
            client.ok("signatures/signHash", CscClient.signHashBody(credential.id(), sad, List.of(hashes.get(0))));
            return new LastSignature(client, WebClient.create("http://127.0.0.1:" + gateway.port()), credential.id(), sad,
                    hashes.get(1));
        }

        /** The status of signHash over the last hash, sent while {@code pids} are stopped. */
        int signWhileFrozen(List<Long> pids) throws Exception {
            signal("STOP", pids);
            try {
                return timed(http, client.token(), credentialId, sad, hash).block(Duration.ofSeconds(10)).status();
            } finally {
                signal("CONT", pids);
            }
        }

        /** The same, its SAD replaced by extendTransaction. */
        LastSignature extended() {
            String extended = client.ok("credentials/extendTransaction", Map.of("credentialID", credentialId, "SAD", sad))
                    .get("SAD").asString();
            assertThat(extended).isNotEqualTo(sad);
            return new LastSignature(client, http, credentialId, extended, hash);
        }

        /** The status of extendTransaction of the SAD, sent while {@code pids} are stopped. */
        int extendWhileFrozen(List<Long> pids) throws Exception {
            signal("STOP", pids);
            try {
                return timed(http, client.token(), "credentials/extendTransaction", Map.of("credentialID", credentialId,
                        "SAD", sad)).block(Duration.ofSeconds(10)).status();
            } finally {
                signal("CONT", pids);
            }
        }

        int signsAgain() {
            return recovers(http, client.token(), credentialId, sad, hash);
        }

        /** The status of one signHash over the last hash, not retried. */
        int signOnce() {
            return timed(http, client.token(), credentialId, sad, hash).block(Duration.ofSeconds(10)).status();
        }
    }

    /** A gateway on the test's own PostgreSQL and Redis, with a token of its own and {@code settings}. */
    private static GatewayInstance startOn(EmbeddedServers servers, Path dir, Map<String, String> settings) {
        Map<String, String> all = new HashMap<>(settings);
        servers.properties().forEach((key, value) -> all.put(key, String.valueOf(value)));
        all.put("sigillum.signing.software-keystore", dir.resolve("token/keys.p12").toString());
        return GatewayInstance.start(all);
    }

    /** Freezes the processes, fires concurrent signHash calls, thaws; every call answered in time. Returns 200s. */
    private static int underFreeze(List<Long> pids, WebClient http, String token, String credentialId, String sad,
            List<String> hashes) throws Exception {
        signal("STOP", pids);
        List<Outcome> outcomes;
        try {
            outcomes = Flux.fromIterable(hashes)
                    .flatMap(hash -> timed(http, token, credentialId, sad, hash), hashes.size())
                    .collectList().block(Duration.ofSeconds(30));
        } finally {
            signal("CONT", pids);
        }
        assertThat(outcomes).hasSize(hashes.size()).allSatisfy(outcome -> {
            assertThat(outcome.status()).isIn(200, 503);
            assertThat(outcome.took()).isLessThanOrEqualTo(DEADLINE.plus(SLACK));
        });
        return (int) outcomes.stream().filter(outcome -> outcome.status() == 200).count();
    }

    /**
     * A load balancer's readiness probe answers DOWN (503) while a store is frozen, within the store deadline: the
     * gateway can make no signature then, and another instance may. Liveness stays UP (a restart would not bring the
     * store back), and readiness is UP again by itself after the thaw.
     */
    @Test
    void readinessFollowsTheStoresAndLivenessDoesNot(@TempDir Path dir) throws Exception {
        try (EmbeddedServers servers = EmbeddedServers.start(dir.resolve("servers"), true, true)) {
            try (GatewayInstance gateway = startOn(servers, dir, Map.of("sigillum.stores.timeout", "1s"))) {
                WebClient http = WebClient.create("http://127.0.0.1:" + gateway.port());
                assertThat(probe(http, "readiness")).isEqualTo(200);
                for (List<Long> store : List.of(List.of(redisProcess(gateway)), postgresProcesses(dir.resolve("servers/postgres")))) {
                    signal("STOP", store);
                    try {
                        assertThat(probe(http, "readiness")).isEqualTo(503);
                        assertThat(probe(http, "liveness")).isEqualTo(200);
                    } finally {
                        signal("CONT", store);
                    }
                    long until = System.nanoTime() + Duration.ofSeconds(15).toNanos();
                    while (probe(http, "readiness") != 200) {
                        assertThat(System.nanoTime()).as("ready again within 15 s of the thaw").isLessThan(until);
                        Mono.delay(Duration.ofMillis(200)).block();
                    }
                }
            }
        }
    }

    /** A probe's status; it must come within the store deadline and some slack, frozen store or not. */
    private static int probe(WebClient http, String group) {
        return http.get().uri("/actuator/health/" + group)
                .exchangeToMono(response -> response.releaseBody().thenReturn(response.statusCode().value()))
                .block(Duration.ofSeconds(1).plus(SLACK).plus(SLACK));
    }

    /** After a thaw the gateway signs again by itself (no restart), within a few seconds. */
    private static int recovers(WebClient http, String token, String credentialId, String sad, String hash) {
        long until = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (System.nanoTime() < until) {
            Outcome outcome = timed(http, token, credentialId, sad, hash).block(Duration.ofSeconds(10));
            if (outcome.status() == 200) {
                return 1;
            }
            Mono.delay(Duration.ofMillis(200)).block();
        }
        throw new AssertionError("the gateway did not sign again within 15 s of the store coming back");
    }

    private record Outcome(int status, Duration took) {
    }

    private static Mono<Outcome> timed(WebClient http, String token, String credentialId, String sad, String hash) {
        return timed(http, token, "signatures/signHash", CscClient.signHashBody(credentialId, sad, List.of(hash)));
    }

    private static Mono<Outcome> timed(WebClient http, String token, String method, Object body) {
        return Mono.defer(() -> {
            long start = System.nanoTime();
            return http.post().uri("/csc/v2/" + method).headers(h -> h.setBearerAuth(token))
                    .contentType(MediaType.APPLICATION_JSON)
                    .bodyValue(body)
                    .exchangeToMono(response -> response.releaseBody()
                            .thenReturn(new Outcome(response.statusCode().value(), Duration.ofNanos(System.nanoTime() - start))));
        });
    }

    private static List<Long> postgresProcesses(Path dataDir) throws IOException {
        long postmaster = Long.parseLong(Files.readAllLines(dataDir.resolve("postmaster.pid")).getFirst().strip());
        List<Long> pids = new ArrayList<>(List.of(postmaster));
        ProcessHandle.of(postmaster).orElseThrow().descendants().map(ProcessHandle::pid).forEach(pids::add);
        return pids;
    }

    private static long redisProcess(GatewayInstance gateway) {
        String info = gateway.context().getBean(org.springframework.data.redis.core.ReactiveStringRedisTemplate.class)
                .execute(connection -> connection.serverCommands().info("server")).blockFirst(Duration.ofSeconds(5))
                .getProperty("process_id");
        return Long.parseLong(info.strip());
    }

    private static void signal(String signal, List<Long> pids) throws Exception {
        List<String> command = new ArrayList<>(List.of("kill", "-" + signal));
        pids.stream().map(String::valueOf).forEach(command::add);
        Process kill = new ProcessBuilder(command).inheritIO().start();
        assertThat(kill.waitFor()).isZero();
    }
}
