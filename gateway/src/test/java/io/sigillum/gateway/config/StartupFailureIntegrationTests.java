package io.sigillum.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.sigillum.gateway.support.TestInfrastructure;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Starts the real gateway in a child JVM against a dead server and watches it give up quickly, in one line. */
class StartupFailureIntegrationTests {

    private static final Duration LIMIT = Duration.ofSeconds(15);

    @Test
    void deadRedisStopsStartupWithinFifteenSecondsInOneLine() throws Exception {
        Map<String, String> servers = TestInfrastructure.install();
        Result result = startGateway(Map.of(
                "SPRING_R2DBC_URL", servers.get("spring.r2dbc.url"),
                "SPRING_R2DBC_USERNAME", servers.get("spring.r2dbc.username"),
                "SPRING_R2DBC_PASSWORD", servers.get("spring.r2dbc.password"),
                "SPRING_DATA_REDIS_URL", "redis://127.0.0.1:" + closedPort()));

        assertThat(result.exitCode()).isNotZero();
        assertThat(result.elapsed()).isLessThan(LIMIT);
        assertThat(result.errorLines()).singleElement().asString()
                .contains("Start-up failed: Redis is unreachable at 127.0.0.1:");
        assertThat(result.output()).doesNotContain("\tat ");
    }

    @Test
    void deadPostgresStopsStartupWithinFifteenSecondsInOneLine() throws Exception {
        Map<String, String> servers = TestInfrastructure.install();
        Result result = startGateway(Map.of(
                "SPRING_R2DBC_URL", "r2dbc:postgresql://127.0.0.1:" + closedPort() + "/nothing",
                "SPRING_DATA_REDIS_URL", servers.get("spring.data.redis.url")));

        assertThat(result.exitCode()).isNotZero();
        assertThat(result.elapsed()).isLessThan(LIMIT);
        assertThat(result.errorLines()).singleElement().asString()
                .contains("Start-up failed: PostgreSQL is unreachable at 127.0.0.1:");
        assertThat(result.output()).doesNotContain("\tat ");
    }

    @Test
    void anHsmLibraryThatIsNotThereStopsStartupInOneLineNamingTheSetting() throws Exception {
        Map<String, String> servers = TestInfrastructure.install();
        Result result = startGateway(Map.of(
                "SPRING_R2DBC_URL", servers.get("spring.r2dbc.url"),
                "SPRING_R2DBC_USERNAME", servers.get("spring.r2dbc.username"),
                "SPRING_R2DBC_PASSWORD", servers.get("spring.r2dbc.password"),
                "SPRING_DATA_REDIS_URL", servers.get("spring.data.redis.url"),
                "SIGILLUM_SIGNING_TOKEN", "pkcs11",
                "SIGILLUM_SIGNING_PKCS11_LIBRARY", "/nonexistent/libnope.so",
                "SIGILLUM_SIGNING_PKCS11_PIN", "12345678"));

        assertThat(result.exitCode()).isNotZero();
        assertThat(result.errorLines()).singleElement().asString()
                .contains("Start-up failed: The PKCS#11 token cannot be opened (SIGILLUM_SIGNING_PKCS11_LIBRARY=/nonexistent/libnope.so")
                .contains("PKCS#11 library not found");
        assertThat(result.output()).doesNotContain("\tat ").doesNotContain("12345678");
    }

    private record Result(int exitCode, Duration elapsed, String output) {
        List<String> errorLines() {
            return output.lines().filter(line -> line.contains(" ERROR ")).toList();
        }
    }

    private static Result startGateway(Map<String, String> environment) throws IOException, InterruptedException {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), "-Dserver.port=0",
                "io.sigillum.gateway.GatewayApplication"));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().keySet().removeIf(k -> k.startsWith("SPRING_") || k.startsWith("SIGILLUM_"));
        builder.environment().putAll(environment);
        long started = System.nanoTime();
        Process process = builder.start();
        boolean exited = process.waitFor(LIMIT.toSeconds() + 15, TimeUnit.SECONDS);
        Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
        if (!exited) {
            process.destroyForcibly();
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Result(exited ? process.exitValue() : 0, elapsed, output);
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
