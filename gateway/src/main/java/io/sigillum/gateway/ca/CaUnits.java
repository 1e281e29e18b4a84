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
 * The built-in CA's own units — the time-stamping unit, the OCSP responder — as start-up finds them: key and chain
 * loaded from the token; on the first start of a development gateway, a P-256 key generated there and certified by the
 * issuing CA (never beyond the CA's own validity), as the CA configuration does for the CA itself. Either way the
 * unit's certificate is registered, so OCSP and the CRL know its serial. Start-up only: it waits on the main thread.
 */
@Component
public final class CaUnits {

    private static final Logger log = LoggerFactory.getLogger(CaUnits.class);
    private static final Duration STARTUP_WAIT = Duration.ofSeconds(30);
    private static final KeyAlgorithm UNIT_KEY = KeyAlgorithm.EC_P256;

    private final SigningPool pool;
    private final CertificateAuthority ca;
    private final CaProperties properties;
    private final CaLocations locations;
    private final CertificateRegistry registry;
    private final Environment environment;

    CaUnits(SigningPool pool, CertificateAuthority ca, CaProperties properties, CaLocations locations, CertificateRegistry registry,
            Environment environment) {
        this.pool = pool;
        this.ca = ca;
        this.properties = properties;
        this.locations = locations;
        this.registry = registry;
        this.environment = environment;
    }

    /** How the CA certifies a unit's new key. */
    @FunctionalInterface
    public interface Certification {
        X509Certificate issue(CertificateAuthority ca, PublicKey key, Instant notBefore, Instant notAfter,
                CertificateLocations locations);
    }

    /**
     * The unit's chain (its certificate, the issuing CA, the root) under {@code key}, created when missing and allowed.
     *
     * @param what the unit as a log line or a start-up failure names it ("time-stamping unit")
     */
    public List<X509Certificate> loadOrCreate(KeyRef key, String what, CertificateKind kind, Duration validity,
            Certification certification) throws Exception {
        List<X509Certificate> chain = pool.certificateChain(key).exceptionally(failure -> List.of())
                .get(STARTUP_WAIT.toSeconds(), TimeUnit.SECONDS);
        if (chain.size() < 2) {
            if (!properties.createIfMissing() || environment.acceptsProfiles(Profiles.of("prod"))) {
                throw new StartupFailure("No " + what + " in the token under key alias '" + key.alias()
                        + "' (with its chain); load its key and certificate into the token first");
            }
            chain = create(key, validity, certification);
            log.info("Created a development {} in the token: {}", what, chain.getFirst().getSubjectX500Principal().getName());
        }
        // a unit created before the registry existed is registered here, once
        registry.register(chain.getFirst(), kind, Optional.empty()).block(STARTUP_WAIT);
        return chain;
    }

    private List<X509Certificate> create(KeyRef key, Duration validity, Certification certification) throws Exception {
        KeyInfo info = pool.generateKey(key, UNIT_KEY).get(STARTUP_WAIT.toSeconds(), TimeUnit.SECONDS);
        Instant notBefore = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(Duration.ofMinutes(5));
        Instant caNotAfter = ca.chain().getFirst().getNotAfter().toInstant();
        Instant wanted = notBefore.plus(validity);
        X509Certificate unit = certification.issue(ca, info.publicKey(), notBefore, wanted.isAfter(caNotAfter) ? caNotAfter : wanted,
                locations.now());
        List<X509Certificate> chain = new ArrayList<>(List.of(unit));
        chain.addAll(ca.chain());
        pool.storeCertificateChain(key, chain).get(STARTUP_WAIT.toSeconds(), TimeUnit.SECONDS);
        return List.copyOf(chain);
    }
}
