package io.sigillum.gateway.revocation;

import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The CRLs the gateway publishes: the issuing CA's, listing the certificates it revoked, and — when the root key is in the
 * token, as in development — the root's (an ARL, empty: the issuing CA is never revoked here), which relying parties need
 * to accept the issuing CA at level LT. Each instance looks every {@code crlCheckInterval} whether one is due.
 */
public final class CrlPublishers implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(CrlPublishers.class);

    private final CrlPublisher issuing;
    private final Optional<CrlPublisher> root;
    private final Duration checkInterval;
    private volatile Disposable schedule = Disposables.disposed();

    CrlPublishers(CrlPublisher issuing, Optional<CrlPublisher> root, Duration checkInterval) {
        this.issuing = issuing;
        this.root = root;
        this.checkInterval = checkInterval;
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
        schedule = Flux.interval(Duration.ofSeconds(1), checkInterval)
                .onBackpressureDrop()
                .concatMap(tick -> issuing.check().then(root.map(CrlPublisher::check).orElse(Mono.empty()))
                        .onErrorResume(failure -> {
                            log.warn("CRL check failed: {}", failure.toString());
                            return Mono.empty();
                        }), 1)
                .subscribe();
    }

    @Override
    public void stop() {
        schedule.dispose();
    }

    @Override
    public boolean isRunning() {
        return !schedule.isDisposed();
    }
}
