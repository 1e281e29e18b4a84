package io.sigillum.gateway.revocation;

import io.sigillum.gateway.ca.CertificateRegistry;
import io.sigillum.signer.ca.CertificateAuthority;
import java.math.BigInteger;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import javax.security.auth.x500.X500Principal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Publishes the issuing CA's CRL: after every revocation, suspension or release, and whenever the current one nears its
 * nextUpdate (each instance looks every {@code crlCheckInterval}). A publication signs CRL number n + 1 over the entries
 * read after its thisUpdate and stores it only if n is still current ({@link CrlStore}); when another instance was
 * first, it reads again and is done if that CRL is recent enough, so every instance serves the same numbered CRLs.
 */
@Component
public class CrlPublisher implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(CrlPublisher.class);
    private static final int MAX_ATTEMPTS = 8;

    private final CertificateAuthority ca;
    private final CertificateRegistry registry;
    private final CrlStore store;
    private final RevocationWork work;
    private final RevocationProperties properties;
    private final Clock clock;
    private final String issuer;
    private volatile Disposable schedule = Disposables.disposed();

    CrlPublisher(CertificateAuthority ca, CertificateRegistry registry, CrlStore store, RevocationWork work,
            RevocationProperties properties, Clock clock) {
        this.ca = ca;
        this.registry = registry;
        this.store = store;
        this.work = work;
        this.properties = properties;
        this.clock = clock;
        this.issuer = ca.chain().getFirst().getSubjectX500Principal().getName(X500Principal.RFC2253);
    }

    /** The current CRL (DER), published first when there is none yet or it is due. */
    public Mono<byte[]> current() {
        Instant now = clock.instant();
        return store.current(issuer)
                .filter(published -> published.der().isPresent() && !due(published, now))
                .switchIfEmpty(Mono.defer(() -> publish(now)))
                .map(published -> published.der().orElseThrow());
    }

    /** Makes sure a CRL made at or after {@code after} is published (so it lists everything revoked before then). */
    public Mono<CrlStore.Published> publish(Instant after) {
        return attempt(after, 1);
    }

    private Mono<CrlStore.Published> attempt(Instant after, int attempt) {
        return store.current(issuer).flatMap(current -> {
            if (current.der().isPresent() && current.thisUpdate().filter(made -> !made.isBefore(after)).isPresent()) {
                return Mono.just(current);
            }
            Instant thisUpdate = clock.instant();
            Instant nextUpdate = thisUpdate.plus(properties.crlValidity());
            return registry.listed(thisUpdate).collectList()
                    .flatMap(entries -> work.run(() -> ca.issueCrl(BigInteger.valueOf(current.number() + 1), thisUpdate,
                            nextUpdate, entries).getEncoded()))
                    .flatMap(der -> store.replace(issuer, current.number(), thisUpdate, nextUpdate, der)
                            .flatMap(stored -> {
                                if (stored) {
                                    log.info("Published CRL number {} of {}", current.number() + 1, issuer);
                                    return Mono.just(new CrlStore.Published(current.number() + 1,
                                            Optional.of(thisUpdate), Optional.of(nextUpdate),
                                            Optional.of(der)));
                                }
                                return attempt < MAX_ATTEMPTS ? attempt(after, attempt + 1)
                                        : Mono.error(new IllegalStateException("CRL publication kept losing to other instances"));
                            }));
        });
    }

    private boolean due(CrlStore.Published published, Instant now) {
        return published.nextUpdate().map(next -> !now.isBefore(next.minus(properties.crlRefreshBefore()))).orElse(true);
    }

    @Override
    public void start() {
        schedule = Flux.interval(Duration.ofSeconds(1), properties.crlCheckInterval())
                .onBackpressureDrop()
                .concatMap(tick -> current().then().onErrorResume(failure -> {
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
