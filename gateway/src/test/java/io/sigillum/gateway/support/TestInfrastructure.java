package io.sigillum.gateway.support;

import io.sigillum.gateway.config.EmbeddedServers;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * The one place that decides which real PostgreSQL and Redis the integration tests use: the servers named by
 * {@code SIGILLUM_TEST_R2DBC_URL} / {@code SIGILLUM_TEST_REDIS_URL} when set (CI), else Testcontainers when a Docker
 * engine runs, else the same embedded servers as the app. The choice is published as system properties, which the
 * gateway reads like any configuration, before the first Spring context starts.
 */
public final class TestInfrastructure {

    private static Map<String, String> properties = Map.of();

    private TestInfrastructure() {
    }

    /** Picks the servers once per JVM and points every later Spring context at them. */
    public static synchronized Map<String, String> install() {
        if (properties.isEmpty()) {
            properties = choose();
            properties.forEach(System::setProperty);
            privateFiles().forEach(System::setProperty);
        }
        return properties;
    }

    /** Files each test JVM keeps to itself: the software token and the dev outbox. */
    private static Map<String, String> privateFiles() {
        try {
            Path dir = Files.createTempDirectory("sigillum-test");
            return Map.of("sigillum.signing.software-keystore", dir.resolve("token/keys.p12").toString(),
                    "sigillum.messaging.outbox-file", dir.resolve("outbox/sms.jsonl").toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The dev outbox file the gateway under test writes to. */
    public static Path outboxFile() {
        install();
        return Path.of(System.getProperty("sigillum.messaging.outbox-file"));
    }

    private static Map<String, String> choose() {
        String postgres = System.getenv("SIGILLUM_TEST_R2DBC_URL");
        String redis = System.getenv("SIGILLUM_TEST_REDIS_URL");
        if (postgres != null && redis != null) {
            return Map.of("spring.r2dbc.url", postgres,
                    "spring.r2dbc.username", envOr("SIGILLUM_TEST_R2DBC_USERNAME", "postgres"),
                    "spring.r2dbc.password", envOr("SIGILLUM_TEST_R2DBC_PASSWORD", ""),
                    "spring.data.redis.url", redis);
        }
        if (DockerClientFactory.instance().isDockerAvailable()) {
            return containers();
        }
        return embedded();
    }

    @SuppressWarnings("resource") // containers live as long as the test JVM; Testcontainers' reaper removes them
    private static Map<String, String> containers() {
        PostgreSQLContainer postgres = new PostgreSQLContainer("postgres:17-alpine");
        postgres.start();
        GenericContainer<?> redis = new GenericContainer<>("redis:7-alpine").withExposedPorts(6379);
        redis.start();
        return Map.of("spring.r2dbc.url", "r2dbc:postgresql://" + postgres.getHost() + ":"
                        + postgres.getMappedPort(5432) + "/" + postgres.getDatabaseName(),
                "spring.r2dbc.username", postgres.getUsername(),
                "spring.r2dbc.password", postgres.getPassword(),
                "spring.data.redis.url", "redis://" + redis.getHost() + ":" + redis.getMappedPort(6379));
    }

    private static Map<String, String> embedded() {
        try {
            Path dir = Files.createTempDirectory("sigillum-test-servers");
            // they stop at the test JVM's exit (EmbeddedServers' own shutdown hook)
            EmbeddedServers servers = EmbeddedServers.start(dir, true, true);
            Map<String, String> chosen = new java.util.HashMap<>();
            servers.properties().forEach((k, v) -> chosen.put(k, String.valueOf(v)));
            return Map.copyOf(chosen);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String envOr(String name, String fallback) {
        String value = System.getenv(name);
        return value == null ? fallback : value;
    }
}
