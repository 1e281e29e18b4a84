package io.sigillum.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A gateway killed without stopping its embedded servers (SIGKILL, a crash) leaves them running on its data: the next
 * start stops them and starts its own, while a second gateway on data a live one uses is refused at once.
 */
class OrphanedServersIntegrationTests {

    @Test
    void serversLeftRunningByAGatewayThatDiedAreStoppedAndTheNextStartSucceeds(@TempDir Path dataDir) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        Process dying = new ProcessBuilder(List.of(java, "-cp", System.getProperty("java.class.path"),
                DyingGateway.class.getName(), dataDir.toString())).redirectErrorStream(true).start();
        assertThat(dying.waitFor(90, TimeUnit.SECONDS)).as("the dying gateway ends").isTrue();
        assertThat(new String(dying.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).contains("servers started");
        long postgres = pid(dataDir.resolve("postgres").resolve("postmaster.pid"));
        long redis = pid(dataDir.resolve("redis").resolve(EmbeddedRedis.PID_FILE));
        try {
            assertThat(alive(postgres)).as("PostgreSQL outlives the gateway that started it").isTrue();
            assertThat(alive(redis)).as("so does redis-server").isTrue();

            try (EmbeddedServers servers = EmbeddedServers.start(dataDir, true, true)) {
                assertThat(alive(postgres)).isFalse();
                assertThat(alive(redis)).isFalse();
                assertThat(servers.orphansStopped()).containsExactly("postgres (pid " + postgres + ")",
                        "redis-server (pid " + redis + ")");
                String url = ((String) servers.properties().get("spring.r2dbc.url")).replace("r2dbc:", "jdbc:");
                try (Connection connection = DriverManager.getConnection(url, "postgres", "")) {
                    assertThat(connection.isValid(5)).isTrue();
                }
            }
        } finally {
            ProcessHandle.of(postgres).ifPresent(ProcessHandle::destroyForcibly);
            ProcessHandle.of(redis).ifPresent(ProcessHandle::destroyForcibly);
        }
    }

    @Test
    void aSecondGatewayOnDataALiveOneUsesIsRefusedAtOnce(@TempDir Path dataDir) {
        try (EmbeddedServers first = EmbeddedServers.start(dataDir, false, true)) {
            assertThatThrownBy(() -> EmbeddedServers.start(dataDir, false, true)).isInstanceOf(StartupFailure.class)
                    .hasMessageContaining("Another gateway runs on the embedded data under " + dataDir);
            assertThat(first.redisPid().map(OrphanedServersIntegrationTests::alive)).hasValue(true);
        }
    }

    private static long pid(Path pidFile) throws Exception {
        return Long.parseLong(Files.readAllLines(pidFile, StandardCharsets.US_ASCII).getFirst().strip());
    }

    private static boolean alive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    /** A gateway that starts its embedded servers and then dies at once, running no shutdown hook (as SIGKILL). */
    static final class DyingGateway {

        public static void main(String[] args) {
            EmbeddedServers.start(Path.of(args[0]), true, true);
            System.out.println("servers started");
            System.out.flush();
            Runtime.getRuntime().halt(0);
        }
    }
}
