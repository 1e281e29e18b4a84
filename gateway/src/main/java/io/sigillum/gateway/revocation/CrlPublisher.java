package io.sigillum.gateway.revocation;

import io.sigillum.signer.ca.CertificateAuthority;
import io.sigillum.signer.ca.RevokedCertificate;
import java.math.BigInteger;
import java.security.NoSuchAlgorithmException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Publishes one CA's CRL: after every revocation, suspension or release, and whenever the current one nears its nextUpdate
 * (see {@link CrlPublishers}). A publication signs CRL number n + 1 over the entries read after its thisUpdate and stores
 * it only if n is still current ({@link CrlStore}); when another instance was first, it reads again and is done if that
 * CRL is recent enough, so every instance serves the same numbered CRLs.
 */
public final class CrlPublisher {

    private static final Logger log = LoggerFactory.getLogger(CrlPublisher.class);
    private static final int MAX_ATTEMPTS = 8;

    private final CertificateAuthority ca;
    private final Function<Instant, Flux<RevokedCertificate>> entries;
    private final Supplier<Mono<Instant>> lastChange;
    private final CrlStore store;
    private final RevocationWork work;
    private final RevocationProperties properties;
    private final Clock clock;
    private final CrlStore.Issuer issuer;

    /**
     * @param entries what the CRL made at an instant lists
     * @param lastChange when what it lists last changed (empty: never)
     */
    CrlPublisher(CertificateAuthority ca, Function<Instant, Flux<RevokedCertificate>> entries,
            Supplier<Mono<Instant>> lastChange, CrlStore store, RevocationWork work, RevocationProperties properties, Clock clock) {
        this.ca = ca;
        this.entries = entries;
        this.lastChange = lastChange;
        this.store = store;
        this.work = work;
        this.properties = properties;
        this.clock = clock;
        X509Certificate certificate = ca.chain().getFirst();
        this.issuer = new CrlStore.Issuer(certificate.getSubjectX500Principal().getName(X500Principal.RFC2253),
                HexFormat.of().formatHex(keyId(certificate)));
    }

    /** The certificate of the CA whose CRL this is. */
    X509Certificate issuer() {
        return ca.chain().getFirst();
    }

    /** The current CRL (DER), published first when there is none yet or it is due. */
    public Mono<byte[]> current() {
        Instant now = clock.instant();
        return store.current(issuer)
                .filter(published -> published.der().isPresent() && !due(published, now))
                .switchIfEmpty(Mono.defer(() -> publish(now)))
                .map(published -> published.der().orElseThrow());
    }

    /**
     * The periodic check: publishes when the current CRL is due, and when a change of state is newer than it — one whose
     * own publication never came (the gateway stopped between the change's commit and its CRL, or the publication
     * failed after the change was acknowledged), so that the CRL does not go on omitting a revocation OCSP already
     * reports until its due date, hours later. (A change committed while a CRL read its entries, but begun before that
     * CRL's thisUpdate, is not seen here; its own publication, which follows its commit, covers it.)
     */
    public Mono<Void> check() {
        return current().then(lastChange.get().flatMap(this::publish)).then();
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
            long number = current.number() + 1;
            return entries.apply(thisUpdate).collectList()
                    .flatMap(listed -> work.run(() -> ca.issueCrl(BigInteger.valueOf(number), thisUpdate, nextUpdate, listed)
                            .getEncoded()))
                    .flatMap(der -> store.replace(issuer, current.number(), thisUpdate, nextUpdate, der)
                            .flatMap(stored -> {
                                if (stored) {
                                    log.info("Published CRL number {} of {}", number, issuer.name());
                                    return Mono.just(new CrlStore.Published(number, Optional.of(thisUpdate),
                                            Optional.of(nextUpdate), Optional.of(der)));
                                }
                                return attempt < MAX_ATTEMPTS ? attempt(after, attempt + 1)
                                        : Mono.error(new IllegalStateException("CRL publication kept losing to other instances"));
                            }));
        });
    }

    private static byte[] keyId(X509Certificate certificate) {
        try {
            return new JcaX509ExtensionUtils().createSubjectKeyIdentifier(certificate.getPublicKey()).getKeyIdentifier();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 missing from the JDK", e);
        }
    }

    private boolean due(CrlStore.Published published, Instant now) {
        return published.nextUpdate().map(next -> !now.isBefore(next.minus(properties.crlRefreshBefore()))).orElse(true);
    }
}
