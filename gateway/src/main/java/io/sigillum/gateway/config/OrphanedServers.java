package io.sigillum.gateway.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An embedded server an earlier gateway left running when it died without stopping it (SIGKILL, a crash): found by the
 * pid file in its data directory, and stopped before a new one starts there (a PostgreSQL still running on the data
 * directory would keep the new one from starting). Called only while this gateway holds the data directory's lock, so
 * the server found belongs to no live gateway.
 */
final class OrphanedServers {

    private static final Logger log = LoggerFactory.getLogger(OrphanedServers.class);
    private static final Duration STOP_WAIT = Duration.ofSeconds(30);

    private OrphanedServers() {
    }

    /** Stops the process the pid file names, if it is alive and runs {@code program}; nothing otherwise. */
    static void stop(Path pidFile, String program) throws IOException {
        if (!Files.isRegularFile(pidFile)) {
            return;
        }
        String first = Files.readAllLines(pidFile, StandardCharsets.US_ASCII).stream().findFirst().orElse("").strip();
        if (!first.matches("\\d{1,10}")) {
            return;
        }
        ProcessHandle.of(Long.parseLong(first))
                .filter(process -> process.info().command().filter(command -> command.contains(program)).isPresent())
                .ifPresent(orphan -> {
                    log.warn("Stopping the embedded {} (pid {}) that an earlier gateway left running on {}", program,
                            orphan.pid(), pidFile.getParent());
                    orphan.destroy();
                    if (!exited(orphan, STOP_WAIT)) {
                        orphan.destroyForcibly();
                        exited(orphan, Duration.ofSeconds(10));
                    }
                });
    }

    private static boolean exited(ProcessHandle process, Duration wait) {
        try {
            process.onExit().get(wait.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException stillRunning) {
            return false;
        } catch (ExecutionException impossible) {
            return !process.isAlive();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !process.isAlive();
        }
    }
}
