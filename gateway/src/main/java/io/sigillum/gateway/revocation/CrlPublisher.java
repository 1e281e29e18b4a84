package io.sigillum.gateway.revocation;

import io.sigillum.signer.ca.CertificateAuthority;
import io.sigillum.signer.ca.RevokedCertificate;
import java.io.IOException;
import java.math.BigInteger;
import java.security.NoSuchAlgorithmException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.X509CRLEntryHolder;
import org.bouncycastle.cert.X509CRLHolder;
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
    private static final Duration ONE_SECOND = Duration.ofSeconds(1);

    private final CertificateAuthority ca;
    private final Function<Instant, Flux<RevokedCertificate>> entries;
    private final CrlStore store;
    private final RevocationWork work;
    private final RevocationProperties properties;
    private final Clock clock;
    private final CrlStore.Issuer issuer;

    /**
     * @param entries what the CRL made at an instant lists
     */
    CrlPublisher(CertificateAuthority ca, Function<Instant, Flux<RevokedCertificate>> entries, CrlStore store,
            RevocationWork work, RevocationProperties properties, Clock clock) {
        this.ca = ca;
        this.entries = entries;
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
     * The periodic check: publishes when the current CRL is due, and when it does not list what the register lists now —
     * a change whose own publication never came (the gateway stopped between the change's commit and its CRL, or the
     * publication failed after the change was acknowledged), or one committed while a concurrent CRL was reading its
     * entries — so that the CRL does not go on omitting a revocation OCSP already reports until its due date, hours later.
     */
    public Mono<Void> check() {
        return current().flatMap(der -> entries.apply(clock.instant()).collectList()
                        .flatMap(listed -> work.run(() -> lists(der, listed))))
                .flatMap(same -> same ? Mono.<Void>empty() : publish(clock.instant()).then());
    }

    /** Whether the CRL lists exactly these entries: serial, revocation time (to the second, as encoded) and reason. */
    static boolean lists(byte[] der, List<RevokedCertificate> entries) throws IOException {
        Set<List<Object>> onCrl = new HashSet<>();
        for (Object listed : new X509CRLHolder(der).getRevokedCertificates()) {
            X509CRLEntryHolder entry = (X509CRLEntryHolder) listed;
            CRLReason reason = entry.getExtensions() == null ? null
                    : CRLReason.getInstance(entry.getExtensions().getExtensionParsedValue(Extension.reasonCode));
            onCrl.add(List.of(entry.getSerialNumber(), entry.getRevocationDate().toInstant().getEpochSecond(),
                    reason == null ? CRLReason.unspecified : reason.getValue().intValue()));
        }
        Set<List<Object>> registered = new HashSet<>();
        for (RevokedCertificate entry : entries) {
            registered.add(List.of(entry.serial(), entry.revokedAt().getEpochSecond(), entry.reason()));
        }
        return onCrl.equals(registered);
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
            return nextThisUpdate(current).flatMap(thisUpdate -> publish(current, thisUpdate, after, attempt));
        });
    }

    /**
     * Now, in a later second than the current CRL's thisUpdate: a CRL's thisUpdate (and so its Last-Modified) is encoded
     * to the second, and relying parties tell the newer of two CRLs, and caches a changed one, by it (RFC 5280 §5.1.2.4,
     * RFC 9110 §8.8.2). A publication within the same second waits for the next one.
     */
    private Mono<Instant> nextThisUpdate(CrlStore.Published current) {
        Instant now = clock.instant();
        Optional<Instant> earliest = current.thisUpdate().map(made -> made.truncatedTo(ChronoUnit.SECONDS).plusSeconds(1))
                .filter(now::isBefore);
        return earliest.map(next -> Mono.delay(Duration.between(now, next).compareTo(ONE_SECOND) > 0 ? ONE_SECOND
                        : Duration.between(now, next)).map(tick -> latest(clock.instant(), next)))
                .orElseGet(() -> Mono.just(now));
    }

    private static Instant latest(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    /** Signs CRL number n + 1 over the entries read now, and stores it if n is still current; else tries again. */
    private Mono<CrlStore.Published> publish(CrlStore.Published current, Instant thisUpdate, Instant after, int attempt) {
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
