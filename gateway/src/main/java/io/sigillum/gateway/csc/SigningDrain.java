package io.sigillum.gateway.csc;

import io.sigillum.gateway.audit.AuditLog;
import io.sigillum.gateway.sad.SadStore;
import io.sigillum.signer.pool.PoolMetrics;
import io.sigillum.signer.pool.SigningPool;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * On shutdown, lets the signing work already under way finish before the stores close. The web server's graceful
 * shutdown waits only for requests whose clients are still connected; a request whose client has gone (a timeout, a
 * closed connection) leaves work behind it — a signature being made, its audit record waiting for a commit, a SAD's
 * signatures being given back — that needs Redis and PostgreSQL to end well. Stopped after the web server and before
 * the Redis connection factory (the PostgreSQL pool closes after every lifecycle), it waits until the signing pool,
 * the audit log and the SAD store are all idle, for at most {@link #LIMIT}, polling without holding a thread.
 */
final class SigningDrain implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(SigningDrain.class);
    static final Duration LIMIT = Duration.ofSeconds(10);
    private static final long POLL_MILLIS = 10;
    private static final Executor NEXT_POLL = CompletableFuture.delayedExecutor(POLL_MILLIS, TimeUnit.MILLISECONDS);
    /** Idle this many polls in a row: a request between two stages is in neither for a moment. */
    private static final int QUIET_POLLS = 3;

    private final BooleanSupplier idle;
    private final Supplier<String> underWay;
    private final Duration limit;
    private final int phase;
    private volatile boolean running;

    /** The drain of the gateway's signing work: stopped just before the Redis connection factory. */
    static SigningDrain of(SigningPool pool, AuditLog audit, SadStore sads, LettuceConnectionFactory redis) {
        return new SigningDrain(() -> idle(pool.metrics(), audit, sads), () -> underWay(pool.metrics(), audit, sads),
                LIMIT, redis.getPhase() + 1);
    }

    SigningDrain(BooleanSupplier idle, Supplier<String> underWay, Duration limit, int phase) {
        this.idle = idle;
        this.underWay = underWay;
        this.limit = limit;
        this.phase = phase;
    }

    @Override
    public void start() {
        running = true;
    }

    /** Starts the drain without waiting for it; Spring itself calls {@link #stop(Runnable)}. */
    @Override
    public void stop() {
        stop(() -> { });
    }

    /**
     * Returns at once and calls {@code done} when the work under way has been idle {@value #QUIET_POLLS} polls in a row,
     * or at the limit. Spring's lifecycle processor waits for that call before it stops the phases after this one (Redis,
     * then PostgreSQL), so no thread sleeps through the drain: each poll is scheduled {@value #POLL_MILLIS} ms after the
     * last on the JDK's delayed executor.
     */
    @Override
    public void stop(Runnable done) {
        running = false;
        poll(System.nanoTime(), 0, false, done);
    }

    private void poll(long started, int quiet, boolean waited, Runnable done) {
        if (quiet >= QUIET_POLLS) {
            if (waited) {
                log.info("Shutdown: waited {} ms for the signing work under way to finish",
                        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
            }
            done.run();
            return;
        }
        if (System.nanoTime() - started - limit.toNanos() > 0) {
            log.warn("Shutdown: signing work was still under way after {} ms ({}); the stores close now",
                    limit.toMillis(), underWay.get());
            done.run();
            return;
        }
        boolean idleNow;
        try {
            idleNow = idle.getAsBoolean();
        } catch (RuntimeException e) {
            log.warn("Shutdown: could not tell whether signing work is under way; the stores close now", e);
            done.run();
            return;
        }
        NEXT_POLL.execute(() -> poll(started, idleNow ? quiet + 1 : 0, waited || !idleNow, done));
    }

    private static boolean idle(PoolMetrics signing, AuditLog audit, SadStore sads) {
        return signing.queueDepth() == 0 && signing.inFlight() == 0 && audit.idle() && sads.settling() == 0;
    }

    private static String underWay(PoolMetrics signing, AuditLog audit, SadStore sads) {
        return "signing queue " + signing.queueDepth() + ", signing " + signing.inFlight() + ", audit log "
                + (audit.idle() ? "idle" : "committing") + ", SAD give-backs " + sads.settling();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return phase;
    }
}
