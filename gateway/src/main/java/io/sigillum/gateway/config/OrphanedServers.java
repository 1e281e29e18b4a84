package io.sigillum.gateway.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * An embedded server an earlier gateway left running when it died without stopping it (SIGKILL, a crash): found by the
 * pid file in its data directory, and stopped before a new one starts there (a PostgreSQL still running on the data
 * directory would keep the new one from starting). Called only while this gateway holds the data directory's lock, so
 * the server found belongs to no live gateway.
 */
final class OrphanedServers {

    private static final Duration STOP_WAIT = Duration.ofSeconds(30);

    private OrphanedServers() {
    }

    /**
     * Stops the process the pid file names, if it is alive and runs {@code program}, and says which it was (for the
     * start-up log, which is not set up yet this early); empty when there was none.
     */
    static Optional<String> stop(Path pidFile, String program) throws IOException {
        if (!Files.isRegularFile(pidFile)) {
            return Optional.empty();
        }
        String first = Files.readAllLines(pidFile, StandardCharsets.US_ASCII).stream().findFirst().orElse("").strip();
        if (!first.matches("\\d{1,10}")) {
            return Optional.empty();
        }
        return ProcessHandle.of(Long.parseLong(first))
                .filter(process -> process.info().command().filter(command -> command.contains(program)).isPresent())
                .map(orphan -> {
                    orphan.destroy();
                    if (!exited(orphan, STOP_WAIT)) {
                        orphan.destroyForcibly();
                        exited(orphan, Duration.ofSeconds(10));
                    }
                    return program + " (pid " + orphan.pid() + ")";
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
