package io.sigillum.gateway.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import redis.embedded.core.ExecutableProvider;

/**
 * The embedded redis-server: the binary embedded-redis ships, run as a process of ours. Unlike the library's own server
 * it registers no JVM shutdown hook that stops it while the gateway is still draining: it stops when {@link #close()}
 * says so. It stays in the gateway's session and process group: in a session of its own ({@code setsid}, as pg_ctl
 * starts PostgreSQL) the kernel schedules it as a group of its own (autogroup): it then took 20-40 % more CPU per
 * signHash x100 request, and throughput fell in three pairs of four (benchmarks/RESULTS.md). So a signal to the whole
 * process group (Ctrl-C on a terminal) still reaches it directly; a signal to the gateway's process alone (kill PID,
 * systemd, a container's stop) does not.
 *
 * <p>Its data outlives the gateway's restarts, a crash of the gateway included, but never a crash of the server itself:
 * a SIGTERM (here at {@link #close()}, or from a later start that stops the server a dead gateway left running) writes a
 * snapshot, which the next start loads and then deletes. So a revoked token stays revoked, and a spent SAD, a code's
 * tries and the rate limits stay counted, across a restart; and a server that was killed, which wrote nothing, is
 * followed by an empty one — never by the last snapshot, whose SADs and tries would be stale (a spent SAD usable again).
 */
final class EmbeddedRedis implements AutoCloseable {

    private static final Duration READY_WAIT = Duration.ofSeconds(15);
    private static final Duration STOP_WAIT = Duration.ofSeconds(5);
    private static final String LOG_FILE = "redis-server.log";
    /** Where the running server writes its pid (and removes it when it stops): how a later start finds an orphan. */
    static final String PID_FILE = "redis-server.pid";
    static final String SNAPSHOT = "dump.rdb";
    static final String BINARY_DIR = "bin";
    /**
     * A save point that never comes (a day and two billion writes): Redis 6.2 writes its snapshot at a SIGTERM only
     * when some save point is set, and has no other setting for it.
     */
    private static final List<String> SAVE_AT_STOP_ONLY = List.of("--save", "86400", "2147483647");

    private final Process process;

    private EmbeddedRedis(Process process) {
        this.process = process;
    }

    /** Starts redis-server on 127.0.0.1:{@code port} with its files under {@code dir}, and waits until it answers. */
    static EmbeddedRedis start(Path dir, int port) throws IOException {
        Files.createDirectories(dir);
        // unpacked under the data directory, over the last start's copy: the library's default, a new directory under
        // /tmp at every start, left 9 MB behind each time the gateway was killed
        Path bin = Files.createDirectories(dir.resolve(BINARY_DIR));
        String binary = ExecutableProvider.newJarResourceProvider(bin.toFile()).get().getAbsolutePath();
        List<String> command = new ArrayList<>(List.of(binary, "--bind", "127.0.0.1", "--port", Integer.toString(port),
                "--dir", dir.toString(), "--dbfilename", SNAPSHOT, "--appendonly", "no", "--pidfile", dir.resolve(PID_FILE).toString()));
        command.addAll(SAVE_AT_STOP_ONLY); // its two numbers as two arguments: as one, Redis 6.2 ignores the setting
        Path log = dir.resolve(LOG_FILE);
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        EmbeddedRedis redis = new EmbeddedRedis(process);
        try {
            redis.awaitReady(port, log);
            // loaded (a server answers only once its data is): a snapshot must never be loaded twice
            Files.deleteIfExists(dir.resolve(SNAPSHOT));
            return redis;
        } catch (IOException | RuntimeException e) {
            redis.close();
            throw e;
        }
    }

    private void awaitReady(int port, Path log) throws IOException {
        long deadline = System.nanoTime() + READY_WAIT.toNanos();
        try {
            while (!answersPing(port)) {
                // waits 10 ms for the process to exit: a server that cannot start says so at once
                if (process.waitFor(10, TimeUnit.MILLISECONDS)) {
                    throw new IOException("redis-server exited with status " + process.exitValue() + "; see " + log);
                }
                if (System.nanoTime() - deadline > 0) {
                    throw new IOException("redis-server did not answer on port " + port + " within "
                            + READY_WAIT.toSeconds() + " s; see " + log);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for redis-server", e);
        }
    }

    private static boolean answersPing(int port) {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(1000);
            OutputStream out = socket.getOutputStream();
            out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            return "+PONG\r\n".equals(new String(in.readNBytes(7), StandardCharsets.US_ASCII));
        } catch (IOException notYet) {
            return false;
        }
    }

    /** The server's process id. */
    long pid() {
        return process.pid();
    }

    /**
     * Stops the server (SIGTERM: it writes its snapshot; SIGKILL if it has not exited within 5 s) and waits for it to exit.
     */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(STOP_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(STOP_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
