package io.sigillum.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded default really starts PostgreSQL and Redis on loopback, and stops them. */
class EmbeddedServersIntegrationTests {

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

    private static String setting(Connection connection, String name) throws Exception {
        try (ResultSet rs = connection.createStatement().executeQuery("SHOW " + name)) {
            assertThat(rs.next()).isTrue();
            return rs.getString(1);
        }
    }
}
