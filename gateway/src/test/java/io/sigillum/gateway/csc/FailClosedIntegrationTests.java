package io.sigillum.gateway.csc;

import io.sigillum.gateway.auth.PlatformClient;
import io.sigillum.gateway.credential.Credential;
import io.sigillum.gateway.support.CscClient;
import io.sigillum.gateway.support.GatewayInstance;
import io.sigillum.gateway.support.SigningFixtures;
import io.sigillum.signer.algorithm.KeyAlgorithm;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.embedded.RedisServer;

/**
 * With PostgreSQL or Redis gone, the gateway refuses to sign (503): it never signs without the SAD check and the audit
 * record. The credential is cached first, so the refusals come from the audit and the SAD store themselves.
 */
class FailClosedIntegrationTests {

    @Test
    @SuppressWarnings("try") // PostgreSQL is closed inside its try block on purpose: that is the outage under test
    void noSignatureWithoutRedisOrPostgres(@TempDir Path dir) throws Exception {
        int redisPort = freePort();
        RedisServer redis = RedisServer.newRedisServer().bind("127.0.0.1").port(redisPort).setting("save \"\"").build();
        redis.start();
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().setDataDirectory(dir.resolve("pg")).setCleanDataDirectory(true).start();
                GatewayInstance gateway = GatewayInstance.start(Map.of(
                        "spring.r2dbc.url", "r2dbc:postgresql://127.0.0.1:" + postgres.getPort() + "/postgres",
                        "spring.r2dbc.username", "postgres", "spring.r2dbc.password", "",
                        "spring.data.redis.url", "redis://127.0.0.1:" + redisPort,
                        "sigillum.csc.credential-cache-ttl", "5m",
                        "sigillum.signing.software-keystore", dir.resolve("token/keys.p12").toString()))) {
            SigningFixtures fixtures = new SigningFixtures(gateway.context());
            PlatformClient platform = fixtures.platform();
            Credential credential = fixtures.credential(platform, KeyAlgorithm.EC_P256);
            CscClient client = CscClient.login(gateway.web(), platform.clientId(), SigningFixtures.secretOf(platform.clientId()));
            List<String> hashes = List.of(CscClient.sha256("one"), CscClient.sha256("two"), CscClient.sha256("three"));
            String sad = client.authorize(credential.id(), hashes, 3, SigningFixtures.PIN,
                    client.challenge(credential.id(), credential.phone()));
            client.ok("signatures/signHash", CscClient.signHashBody(credential.id(), sad, List.of(hashes.get(0))));

            postgres.close();
            client.call("signatures/signHash", CscClient.signHashBody(credential.id(), sad, List.of(hashes.get(1))))
                    .expectStatus().isEqualTo(503)
                    .expectHeader().exists("Retry-After")
                    .expectBody().jsonPath("$.error").isEqualTo("temporarily_unavailable").jsonPath("$.signatures").doesNotExist();

            redis.stop();
            client.call("signatures/signHash", CscClient.signHashBody(credential.id(), sad, List.of(hashes.get(2))))
                    .expectStatus().isEqualTo(503)
                    .expectBody().jsonPath("$.error").isEqualTo("temporarily_unavailable").jsonPath("$.signatures").doesNotExist();

            // bring Redis back before the gateway shuts down: Lettuce can stall its shutdown reconnecting to a dead server
            redis.start();
        } finally {
            if (redis.isActive()) {
                redis.stop();
            }
        }
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
