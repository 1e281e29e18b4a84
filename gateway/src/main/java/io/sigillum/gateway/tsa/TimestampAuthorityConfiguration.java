package io.sigillum.gateway.tsa;

import io.sigillum.gateway.ca.CaLocations;
import io.sigillum.gateway.ca.CaProperties;
import io.sigillum.gateway.ca.CertificateKind;
import io.sigillum.gateway.ca.CertificateRegistry;
import io.sigillum.gateway.config.StartupFailure;
import io.sigillum.signer.algorithm.KeyAlgorithm;
import io.sigillum.signer.ca.CertificateAuthority;
import io.sigillum.signer.ca.CertificateLocations;
import io.sigillum.signer.ca.TokenContentSigner;
import io.sigillum.signer.pool.SigningPool;
import io.sigillum.signer.token.KeyInfo;
import io.sigillum.signer.token.KeyRef;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.core.env.Profiles;

/**
 * Loads the time-stamping unit from the token; on the first start of a development gateway, generates its key there and
 * has the built-in CA certify it (critical EKU id-kp-timeStamping), as the CA configuration does for the CA itself.
 */
@Configuration(proxyBeanMethods = false)
class TimestampAuthorityConfiguration {

    private static final Logger log = LoggerFactory.getLogger(TimestampAuthorityConfiguration.class);
    private static final Duration STARTUP_WAIT = Duration.ofSeconds(30);
    private static final KeyAlgorithm UNIT_KEY = KeyAlgorithm.EC_P256;

    @Bean(destroyMethod = "close")
    TimestampAuthority timestampAuthority(SigningPool pool, CertificateAuthority ca, CaProperties caProperties,
            CaLocations locations, CertificateRegistry registry, TsaProperties properties, Environment environment, Clock clock)
            throws Exception {
        KeyRef key = new KeyRef(properties.keyAlias());
        // start-up only, on the main thread
        List<X509Certificate> chain = pool.certificateChain(key).exceptionally(failure -> List.of())
                .get(STARTUP_WAIT.toSeconds(), TimeUnit.SECONDS);
        if (chain.size() < 2) {
            if (!caProperties.createIfMissing() || environment.acceptsProfiles(Profiles.of("prod"))) {
                throw new StartupFailure("No time-stamping unit in the token under key alias '" + properties.keyAlias()
                        + "' (with its chain); load its key and certificate into the token first");
            }
            chain = create(pool, ca, key, properties, locations.now());
            log.info("Created a development time-stamping unit in the token: {}", chain.getFirst().getSubjectX500Principal().getName());
        }
        // OCSP must know the unit's serial (a unit created before the registry existed is registered here, once)
        registry.register(chain.getFirst(), CertificateKind.TIMESTAMPING, Optional.empty()).block(STARTUP_WAIT);
        KeyAlgorithm algorithm = KeyAlgorithm.of(chain.getFirst().getPublicKey())
                .orElseThrow(() -> new StartupFailure("The time-stamping unit's key is of an unsupported type"));
        return new TimestampAuthority(pool, key, TokenContentSigner.schemeFor(algorithm), chain, properties, clock);
    }

    private static List<X509Certificate> create(SigningPool pool, CertificateAuthority ca, KeyRef key, TsaProperties properties,
            CertificateLocations locations) throws Exception {
        KeyInfo info = pool.generateKey(key, UNIT_KEY).get(STARTUP_WAIT.toSeconds(), TimeUnit.SECONDS);
        Instant notBefore = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(Duration.ofMinutes(5));
        Instant caNotAfter = ca.chain().getFirst().getNotAfter().toInstant();
        Instant wanted = notBefore.plus(properties.certificateValidity());
        X509Certificate unit = ca.issueTimestamping(info.publicKey(), properties.commonName(), notBefore,
                wanted.isAfter(caNotAfter) ? caNotAfter : wanted, locations);
        List<X509Certificate> chain = new ArrayList<>(List.of(unit));
        chain.addAll(ca.chain());
        pool.storeCertificateChain(key, chain).get(STARTUP_WAIT.toSeconds(), TimeUnit.SECONDS);
        return List.copyOf(chain);
    }
}
