package io.sigillum.gateway.config;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A real PostgreSQL and a real redis-server started from the jar on free loopback ports: the embedded default, also used
 * by the tests when no external servers are configured and no Docker engine exists.
 *
 * <p>Neither library's JVM shutdown hook is used: on a SIGTERM those ran alongside Spring's and stopped the stores while
 * the gateway was still draining (Lettuce reconnecting to a Redis that was gone, a request's audit or SAD refund failing).
 * One hook of ours stops both; when a Spring context will close them after its beans
 * ({@link #closeWithTheContext()}), it waits for that first, at most {@link #EXIT_WAIT}.
 */
public final class EmbeddedServers implements AutoCloseable {

    /** How long the shutdown hook waits for the context to close the servers before it closes them itself. */
    static final Duration EXIT_WAIT = Duration.ofSeconds(60);
    /** The file whose lock says a live gateway runs on the data directory. */
    static final String LOCK_FILE = "gateway.lock";

    private final Optional<EmbeddedPostgres> postgres;
    private final Optional<EmbeddedRedis> redis;
    private final int redisPort;
    private final FileChannel dataLock;
    private final List<String> orphansStopped;
    private final AtomicBoolean closing = new AtomicBoolean();
    private final CountDownLatch closed = new CountDownLatch(1);
    private final Thread exitHook = Thread.ofPlatform().name("sigillum-embedded-servers").unstarted(this::closeAtExit);
    private volatile boolean contextClosesFirst;

    private EmbeddedServers(Optional<EmbeddedPostgres> postgres, Optional<EmbeddedRedis> redis, int redisPort,
            FileChannel dataLock, List<String> orphansStopped) {
        this.orphansStopped = List.copyOf(orphansStopped);
        this.postgres = postgres;
        this.redis = redis;
        this.redisPort = redisPort;
        this.dataLock = dataLock;
    }

    /** Starts the servers asked for, with their data under {@code dataDir}; they stop on {@link #close()} or at exit. */
    public static EmbeddedServers start(Path dataDir, boolean withPostgres, boolean withRedis) {
        FileChannel dataLock = lock(dataDir);
        Optional<EmbeddedPostgres> postgres = Optional.empty();
        Optional<EmbeddedRedis> redis = Optional.empty();
        try {
            // no live gateway uses this data: servers still running on it were left by one that died
            List<String> orphans = new ArrayList<>();
            if (withPostgres) {
                OrphanedServers.stop(dataDir.resolve("postgres").resolve("postmaster.pid"), "postgres").ifPresent(orphans::add);
                postgres = Optional.of(startPostgres(dataDir.resolve("postgres")));
            }
            int redisPort = 0;
            if (withRedis) {
                OrphanedServers.stop(dataDir.resolve("redis").resolve(EmbeddedRedis.PID_FILE), "redis-server")
                        .ifPresent(orphans::add);
                redisPort = freeLoopbackPort();
                redis = Optional.of(EmbeddedRedis.start(dataDir.resolve("redis"), redisPort));
            }
            EmbeddedServers servers = new EmbeddedServers(postgres, redis, redisPort, dataLock, orphans);
            Runtime.getRuntime().addShutdownHook(servers.exitHook);
            return servers;
        } catch (IOException | RuntimeException e) {
            redis.ifPresent(EmbeddedRedis::close);
            postgres.ifPresent(EmbeddedServers::closeQuietly);
            closeQuietly(dataLock);
            throw new StartupFailure("Could not start the embedded servers under " + dataDir + ": " + e.getMessage(), e);
        }
    }

    /**
     * The data directory's lock, held while this gateway's servers run on it (the operating system lets it go when the
     * process ends, however it ends): another gateway on the same data is refused at once.
     */
    private static FileChannel lock(Path dataDir) {
        try {
            Files.createDirectories(dataDir);
            FileChannel channel = FileChannel.open(dataDir.resolve(LOCK_FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock held;
            try {
                held = channel.tryLock();
            } catch (OverlappingFileLockException alreadyHere) {
                held = null;
            }
            if (held == null) {
                channel.close();
                throw new StartupFailure("Another gateway runs on the embedded data under " + dataDir
                        + "; stop it, or give this one its own SIGILLUM_EMBEDDED_DATA_DIR");
            }
            return channel;
        } catch (IOException e) {
            throw new StartupFailure("Could not lock the embedded data under " + dataDir + ": " + e.getMessage(), e);
        }
    }

    private static EmbeddedPostgres startPostgres(Path dir) throws IOException {
        Files.createDirectories(dir);
        return EmbeddedPostgres.builder()
                .setDataDirectory(dir)
                .setCleanDataDirectory(false)
                .setRegisterShutdownHook(false)
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

    /**
     * Says that a context will {@link #close()} the servers after its beans: at exit the hook then waits for that (at
     * most {@link #EXIT_WAIT}) instead of stopping them under requests still being answered.
     */
    public void closeWithTheContext() {
        contextClosesFirst = true;
    }

    /** The servers a gateway that died had left running on the data, stopped before these started. */
    public List<String> orphansStopped() {
        return orphansStopped;
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

    /** Stops Redis, then PostgreSQL, and waits for both; only the first call does so. */
    @Override
    public void close() {
        if (!closing.compareAndSet(false, true)) {
            return;
        }
        try {
            Runtime.getRuntime().removeShutdownHook(exitHook);
        } catch (IllegalStateException shuttingDown) {
            // the JVM is exiting: the hook is running or about to, and finds the servers closed
        }
        try {
            redis.ifPresent(EmbeddedRedis::close);
            postgres.ifPresent(EmbeddedServers::closeQuietly);
        } finally {
            closeQuietly(dataLock);
            closed.countDown();
        }
    }

    /** The shutdown hook's work: waits for the context when one closes the servers, then closes them if it has not. */
    void closeAtExit() {
        closeAtExit(EXIT_WAIT);
    }

    void closeAtExit(Duration contextWait) {
        try {
            if (contextClosesFirst) {
                closed.await(contextWait.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            close();
        }
    }

    /** The redis-server's process id, if this started one. */
    Optional<Long> redisPid() {
        return redis.map(EmbeddedRedis::pid);
    }

    private static void closeQuietly(EmbeddedPostgres pg) {
        try {
            pg.close();
        } catch (IOException ignored) {
            // the process is gone or going; nothing more to do at shutdown
        }
    }

    private static void closeQuietly(FileChannel lock) {
        try {
            lock.close();
        } catch (IOException ignored) {
            // the lock goes with the process in any case
        }
    }

    static int freeLoopbackPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
