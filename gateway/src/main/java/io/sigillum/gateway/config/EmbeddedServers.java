package io.sigillum.gateway.config;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import redis.embedded.RedisServer;

/**
 * A real PostgreSQL and a real redis-server started from the jar on free loopback ports: the embedded default, also used
 * by the tests when no external servers are configured and no Docker engine exists.
 */
public final class EmbeddedServers implements AutoCloseable {

    private final Optional<EmbeddedPostgres> postgres;
    private final Optional<RedisServer> redis;
    private final int redisPort;

    private EmbeddedServers(Optional<EmbeddedPostgres> postgres, Optional<RedisServer> redis, int redisPort) {
        this.postgres = postgres;
        this.redis = redis;
        this.redisPort = redisPort;
    }

    /** Starts the servers asked for, with their data under {@code dataDir}. */
    public static EmbeddedServers start(Path dataDir, boolean withPostgres, boolean withRedis) {
        Optional<EmbeddedPostgres> postgres = Optional.empty();
        Optional<RedisServer> redis = Optional.empty();
        int redisPort = 0;
        try {
            if (withPostgres) {
                postgres = Optional.of(startPostgres(dataDir.resolve("postgres")));
            }
            if (withRedis) {
                redisPort = freeLoopbackPort();
                redis = Optional.of(startRedis(dataDir.resolve("redis"), redisPort));
            }
            return new EmbeddedServers(postgres, redis, redisPort);
        } catch (IOException | RuntimeException e) {
            postgres.ifPresent(EmbeddedServers::closeQuietly);
            throw new StartupFailure("Could not start the embedded servers under " + dataDir + ": " + e.getMessage(), e);
        }
    }

    private static EmbeddedPostgres startPostgres(Path dir) throws IOException {
        Files.createDirectories(dir);
        return EmbeddedPostgres.builder()
                .setDataDirectory(dir)
                .setCleanDataDirectory(false)
                .setPort(freeLoopbackPort())
                .setServerConfig("listen_addresses", "127.0.0.1")
                .setServerConfig("max_connections", "100")
                // the embedded default is how people first try the product: a committed audit record must survive a
                // crash, so undo the library's test-speed defaults (fsync and synchronous_commit off)
                .setServerConfig("fsync", "on")
                .setServerConfig("synchronous_commit", "on")
                .setServerConfig("full_page_writes", "on")
                .start();
    }

    private static RedisServer startRedis(Path dir, int port) throws IOException {
        Files.createDirectories(dir);
        RedisServer server = RedisServer.newRedisServer()
                .bind("127.0.0.1")
                .port(port)
                .setting("dir " + dir)
                .setting("save \"\"")
                .setting("appendonly no")
                .build();
        server.start();
        return server;
    }

    /** Spring properties pointing the gateway at the started servers. */
    public Map<String, Object> properties() {
        Map<String, Object> properties = new LinkedHashMap<>();
        postgres.ifPresent(pg -> {
            properties.put("spring.r2dbc.url", "r2dbc:postgresql://127.0.0.1:" + pg.getPort() + "/postgres");
            properties.put("spring.r2dbc.username", "postgres");
            properties.put("spring.r2dbc.password", "");
        });
        redis.ifPresent(r -> properties.put("spring.data.redis.url", "redis://127.0.0.1:" + redisPort));
        return properties;
    }

    @Override
    public void close() {
        redis.ifPresent(r -> {
            try {
                r.stop();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        postgres.ifPresent(EmbeddedServers::closeQuietly);
    }

    private static void closeQuietly(EmbeddedPostgres pg) {
        try {
            pg.close();
        } catch (IOException ignored) {
            // the process is gone or going; nothing more to do at shutdown
        }
    }

    static int freeLoopbackPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
