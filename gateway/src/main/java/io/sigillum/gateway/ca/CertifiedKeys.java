package io.sigillum.gateway.ca;

import io.sigillum.gateway.config.StartupFailure;
import io.sigillum.signer.algorithm.KeyAlgorithm;
import io.sigillum.signer.ca.CertificateAuthority;
import io.sigillum.signer.ca.CertificateLocations;
import io.sigillum.signer.pool.SigningPool;
import io.sigillum.signer.token.KeyInfo;
import io.sigillum.signer.token.KeyRef;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.env.Environment;
import org.springframework.core.env.Profiles;
import org.springframework.stereotype.Component;

/**
 * The QTSP's own keys certified by the built-in CA (the time-stamping unit, the seal, the OCSP responder): loaded from
 * the token with their chains at start-up; on the first start of a development gateway, generated there and certified
 * (with the CA's AIA and CRL locations), as the CA configuration does for the CA itself. Either way the certificate is
 * registered, so OCSP and the CRL know its serial. Start-up only: it waits on the signing pool.
 */
@Component
public final class CertifiedKeys {

    private static final Logger log = LoggerFactory.getLogger(CertifiedKeys.class);
    private static final Duration STARTUP_WAIT = Duration.ofSeconds(30);

    private final SigningPool pool;
    private final CertificateAuthority ca;
    private final CaLocations locations;
    private final CertificateRegistry registry;
    private final TokenProvisioning provisioning;
    private final boolean mayCreate;

    CertifiedKeys(SigningPool pool, CertificateAuthority ca, CaProperties caProperties, CaLocations locations,
            CertificateRegistry registry, TokenProvisioning provisioning, Environment environment) {
        this.pool = pool;
        this.provisioning = provisioning;
        this.ca = ca;
        this.locations = locations;
        this.registry = registry;
        this.mayCreate = caProperties.createIfMissing() && !environment.acceptsProfiles(Profiles.of("prod"));
    }

    /** How the CA certifies a new key of this kind. */
    @FunctionalInterface
    public interface Certification {

        X509Certificate issue(CertificateAuthority ca, PublicKey key, Instant notBefore, Instant notAfter,
                CertificateLocations locations);
    }

    /**
     * The chain stored with {@code key} (its certificate first, the root last); created when missing and allowed.
     *
     * @param what the key's role in messages ("time-stamping unit", "QTSP seal")
     */
    public List<X509Certificate> loadOrCreate(KeyRef key, String what, CertificateKind kind, KeyAlgorithm algorithm,
            Duration validity, Certification certification) throws Exception {
        List<X509Certificate> chain = chain(key);
        if (chain.size() < 2) {
            if (!mayCreate) {
                throw new StartupFailure("No " + what + " in the token under key alias '" + key.alias()
                        + "' (with its chain); load its key and certificate into the token first");
            }
            chain = provisioning.exclusively(() -> {
                // another instance sharing the token may have made it while this one waited
                List<X509Certificate> made = chain(key);
                return made.size() >= 2 ? made : create(key, what, algorithm, validity, certification);
            });
        }
        // a key certified before the registry existed is registered here, once
        registry.register(chain.getFirst(), kind, Optional.empty()).block(STARTUP_WAIT);
        return chain;
    }

    private List<X509Certificate> chain(KeyRef key) throws Exception {
        return storedChain(pool, key);
    }

    /** The chain stored with {@code key} in the token, or none (no key, or a key not certified yet). Start-up only. */
    static List<X509Certificate> storedChain(SigningPool pool, KeyRef key) throws Exception {
        return pool.certificateChain(key).exceptionally(failure -> List.of()).get(STARTUP_WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    private List<X509Certificate> create(KeyRef key, String what, KeyAlgorithm algorithm, Duration validity,
            Certification certification) throws Exception {
        // a start that stopped between making the key and storing its chain left the key uncertified: certify it, since a
        // second key under its alias cannot be made
        KeyInfo info = pool.keyInfo(key).exceptionally(missing -> null).get(STARTUP_WAIT.toSeconds(), TimeUnit.SECONDS);
        if (info == null) {
            info = pool.generateKey(key, algorithm).get(STARTUP_WAIT.toSeconds(), TimeUnit.SECONDS);
        }
        Instant notBefore = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(Duration.ofMinutes(5));
        Instant caNotAfter = ca.chain().getFirst().getNotAfter().toInstant();
        Instant wanted = notBefore.plus(validity);
        List<X509Certificate> created = new ArrayList<>(List.of(certification.issue(ca, info.publicKey(), notBefore,
                wanted.isAfter(caNotAfter) ? caNotAfter : wanted, locations.now())));
        created.addAll(ca.chain());
        pool.storeCertificateChain(key, created).get(STARTUP_WAIT.toSeconds(), TimeUnit.SECONDS);
        log.info("Created a development {} in the token: {}", what, created.getFirst().getSubjectX500Principal().getName());
        return List.copyOf(created);
    }
}
