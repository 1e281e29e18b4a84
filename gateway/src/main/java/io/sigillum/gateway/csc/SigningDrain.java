package io.sigillum.gateway.csc;

import io.sigillum.gateway.audit.AuditLog;
import io.sigillum.gateway.sad.SadStore;
import io.sigillum.signer.pool.PoolMetrics;
import io.sigillum.signer.pool.SigningPool;
import java.time.Duration;
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
 * the audit log and the SAD store are all idle, for at most {@link #LIMIT}.
 */
final class SigningDrain implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(SigningDrain.class);
    static final Duration LIMIT = Duration.ofSeconds(10);
    private static final long POLL_MILLIS = 10;
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

    @Override
    public void stop() {
        running = false;
        long started = System.nanoTime();
        long deadline = started + limit.toNanos();
        boolean waited = false;
        for (int quiet = 0; quiet < QUIET_POLLS; ) {
            if (System.nanoTime() - deadline > 0 || Thread.currentThread().isInterrupted()) {
                log.warn("Shutdown: signing work was still under way after {} ms ({}); the stores close now",
                        limit.toMillis(), underWay.get());
                return;
            }
            if (idle.getAsBoolean()) {
                quiet++;
            } else {
                quiet = 0;
                waited = true;
            }
            sleep();
        }
        if (waited) {
            log.info("Shutdown: waited {} ms for the signing work under way to finish",
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
        }
    }

    private static boolean idle(PoolMetrics signing, AuditLog audit, SadStore sads) {
        return signing.queueDepth() == 0 && signing.inFlight() == 0 && audit.idle() && sads.settling() == 0;
    }

    private static String underWay(PoolMetrics signing, AuditLog audit, SadStore sads) {
        return "signing queue " + signing.queueDepth() + ", signing " + signing.inFlight() + ", audit log "
                + (audit.idle() ? "idle" : "committing") + ", SAD give-backs " + sads.settling();
    }

    /**
     * Blocks the thread Spring stops its lifecycles on, at shutdown only, as the web server's own graceful shutdown does
     * in the phase before; never an event loop or a request's path, and never longer than {@link #LIMIT} in all.
     */
    private static void sleep() {
        try {
            Thread.sleep(POLL_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
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
