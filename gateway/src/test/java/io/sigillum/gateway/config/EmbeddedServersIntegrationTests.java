package io.sigillum.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded default really starts PostgreSQL and Redis on loopback, and stops them. */
class EmbeddedServersIntegrationTests {

    @Test
    void atExitTheServersWaitForTheContextThatClosesThem(@TempDir Path dataDir) throws Exception {
        EmbeddedServers servers = EmbeddedServers.start(dataDir, false, true);
        int port = redisPort(servers);
        servers.closeWithTheContext();
        Thread hook = Thread.ofPlatform().start(() -> servers.closeAtExit(Duration.ofSeconds(30)));

        hook.join(Duration.ofMillis(500));
        assertThat(hook.isAlive()).as("the hook waits while the context drains").isTrue();
        assertThat(ping(port)).as("Redis still answers the requests being drained").isEqualTo("+PONG\r\n");

        servers.close(); // the context, after its beans
        hook.join(Duration.ofSeconds(10));
        assertThat(hook.isAlive()).isFalse();
        assertThatThrownBy(() -> ping(port)).isInstanceOf(IOException.class);
    }

    @Test
    void atExitWithoutAContextTheServersStopAtOnce(@TempDir Path dataDir) throws Exception {
        EmbeddedServers servers = EmbeddedServers.start(dataDir, false, true);
        int port = redisPort(servers);
        long redisPid = servers.redisPid().orElseThrow();

        long started = System.nanoTime();
        servers.closeAtExit(Duration.ofSeconds(30));

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
        assertThat(ProcessHandle.of(redisPid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
        assertThatThrownBy(() -> ping(port)).isInstanceOf(IOException.class);
    }

    @Test
    void startsRealPostgresAndRedisOnLoopback(@TempDir Path dataDir) throws Exception {
        try (EmbeddedServers servers = EmbeddedServers.start(dataDir, true, true)) {
            Map<String, Object> properties = servers.properties();
            String r2dbc = (String) properties.get("spring.r2dbc.url");
            assertThat(r2dbc).startsWith("r2dbc:postgresql://127.0.0.1:");

            try (Connection connection = DriverManager.getConnection(FlywayJdbcSettings.jdbcUrl(r2dbc), "postgres", "");
                    ResultSet rs = connection.createStatement().executeQuery("select version()")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).startsWith("PostgreSQL");
            }
            try (Connection connection = DriverManager.getConnection(FlywayJdbcSettings.jdbcUrl(r2dbc), "postgres", "")) {
                assertThat(setting(connection, "fsync")).as("a committed audit record survives a crash").isEqualTo("on");
                assertThat(setting(connection, "synchronous_commit")).isEqualTo("on");
                assertThat(setting(connection, "full_page_writes")).isEqualTo("on");
            }

            URI redis = URI.create((String) properties.get("spring.data.redis.url"));
            assertThat(redis.getHost()).isEqualTo("127.0.0.1");
            try (Socket socket = new Socket(redis.getHost(), redis.getPort())) {
                OutputStream out = socket.getOutputStream();
                out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                InputStream in = socket.getInputStream();
                byte[] reply = new byte[7];
                assertThat(in.readNBytes(reply, 0, 7)).isEqualTo(7);
                assertThat(new String(reply, StandardCharsets.US_ASCII)).isEqualTo("+PONG\r\n");
            }
            assertThat(dataDir.resolve("postgres")).isDirectory();
        }
    }

    /**
     * What Redis holds (a revoked token, a spent SAD) outlives a restart of the gateway; after the server itself was
     * killed, which saved nothing, the next one starts empty rather than from a stale snapshot.
     */
    @Test
    void redisDataOutlivesARestartButAKilledServerLeavesNothingStale(@TempDir Path dataDir) throws Exception {
        try (EmbeddedServers servers = EmbeddedServers.start(dataDir, false, true)) {
            assertThat(command(redisPort(servers), "SET revoked:token-1 1")).isEqualTo("+OK");
        }
        EmbeddedServers restarted = EmbeddedServers.start(dataDir, false, true);
        try {
            assertThat(command(redisPort(restarted), "EXISTS revoked:token-1")).isEqualTo(":1");
            assertThat(dataDir.resolve("redis").resolve(EmbeddedRedis.SNAPSHOT)).as("loaded once, then gone").doesNotExist();
            assertThat(ProcessHandle.of(restarted.redisPid().orElseThrow()).orElseThrow().info().command().orElseThrow())
                    .as("the server runs from under the data directory, not a new copy in /tmp at every start")
                    .startsWith(dataDir.resolve("redis").resolve(EmbeddedRedis.BINARY_DIR).toString());
            ProcessHandle server = ProcessHandle.of(restarted.redisPid().orElseThrow()).orElseThrow();
            server.destroyForcibly();
            server.onExit().get();
        } finally {
            restarted.close();
        }
        try (EmbeddedServers afterTheKill = EmbeddedServers.start(dataDir, false, true)) {
            assertThat(command(redisPort(afterTheKill), "EXISTS revoked:token-1")).isEqualTo(":0");
        }
    }

    private static String command(int port, String inline) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(2000);
            socket.getOutputStream().write((inline + "\r\n").getBytes(StandardCharsets.US_ASCII));
            StringBuilder reply = new StringBuilder();
            InputStream in = socket.getInputStream();
            for (int c = in.read(); c != '\r' && c != -1; c = in.read()) {
                reply.append((char) c);
            }
            return reply.toString();
        }
    }

    private static int redisPort(EmbeddedServers servers) {
        return URI.create((String) servers.properties().get("spring.data.redis.url")).getPort();
    }

    private static String ping(int port) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(2000);
            socket.getOutputStream().write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            return new String(socket.getInputStream().readNBytes(7), StandardCharsets.US_ASCII);
        }
    }

    private static String setting(Connection connection, String name) throws Exception {
        try (ResultSet rs = connection.createStatement().executeQuery("SHOW " + name)) {
            assertThat(rs.next()).isTrue();
            return rs.getString(1);
        }
    }
}
