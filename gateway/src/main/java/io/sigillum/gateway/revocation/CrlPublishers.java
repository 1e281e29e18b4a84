package io.sigillum.gateway.revocation;

import io.sigillum.gateway.schedule.PeriodicWork;
import java.time.Duration;
import java.util.Optional;
import org.springframework.context.SmartLifecycle;
import reactor.core.publisher.Mono;

/**
 * The CRLs the gateway publishes: the issuing CA's, listing the certificates it revoked, and — when the root key is in the
 * token, as in development — the root's (an ARL, empty: the issuing CA is never revoked here), which relying parties need
 * to accept the issuing CA at level LT. Each instance looks every {@code crlCheckInterval} whether one is due.
 */
public final class CrlPublishers implements SmartLifecycle {

    private final CrlPublisher issuing;
    private final Optional<CrlPublisher> root;
    private final PeriodicWork checks;

    CrlPublishers(CrlPublisher issuing, Optional<CrlPublisher> root, Duration checkInterval) {
        this.issuing = issuing;
        this.root = root;
        this.checks = new PeriodicWork("CRL check", Duration.ofSeconds(1), checkInterval,
                () -> issuing.check().then(root.map(CrlPublisher::check).orElse(Mono.empty())));
    }

    /** The issuing CA's CRL. */
    public CrlPublisher issuing() {
        return issuing;
    }

    /** The root's CRL, when this gateway holds the root key. */
    public Optional<CrlPublisher> root() {
        return root;
    }

    @Override
    public void start() {
        checks.start();
    }

    @Override
    public void stop() {
        checks.stop();
    }

    @Override
    public boolean isRunning() {
        return checks.isRunning();
    }
}
