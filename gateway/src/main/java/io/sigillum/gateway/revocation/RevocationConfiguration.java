package io.sigillum.gateway.revocation;

import io.sigillum.gateway.ca.CaLocations;
import io.sigillum.gateway.ca.CaProperties;
import io.sigillum.gateway.ca.CertificateKind;
import io.sigillum.gateway.ca.CertificateRegistry;
import io.sigillum.gateway.config.StartupFailure;
import io.sigillum.signer.algorithm.KeyAlgorithm;
import io.sigillum.signer.ca.CertificateAuthority;
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
import reactor.core.publisher.Flux;

/**
 * Where OCSP answers and CRLs are signed; the CRL publishers (the issuing CA's, and the root's when its key is here); and
 * the OCSP responder: loaded from the token, or on
 * the first start of a development gateway generated there and certified by the built-in CA (as the TSA unit is).
 */
@Configuration(proxyBeanMethods = false)
class RevocationConfiguration {

    private static final Logger log = LoggerFactory.getLogger(RevocationConfiguration.class);
    private static final Duration STARTUP_WAIT = Duration.ofSeconds(30);
    private static final KeyAlgorithm RESPONDER_KEY = KeyAlgorithm.EC_P256;

    @Bean(destroyMethod = "close")
    RevocationWork revocationWork(RevocationProperties properties) {
        return new RevocationWork(properties);
    }

    @Bean
    OcspResponder ocspResponder(SigningPool pool, CertificateAuthority ca, CaProperties caProperties, CaLocations locations,
            CertificateRegistry registry, RevocationProperties properties, Environment environment, Clock clock,
            RevocationWork work) throws Exception {
        KeyRef key = new KeyRef(properties.ocspKeyAlias());
        // start-up only, on the main thread
        List<X509Certificate> chain = pool.certificateChain(key).exceptionally(failure -> List.of())
                .get(STARTUP_WAIT.toSeconds(), TimeUnit.SECONDS);
        if (chain.size() < 2) {
            if (!caProperties.createIfMissing() || environment.acceptsProfiles(Profiles.of("prod"))) {
                throw new StartupFailure("No OCSP responder in the token under key alias '" + properties.ocspKeyAlias()
                        + "' (with its chain); load its key and certificate into the token first");
            }
            chain = create(pool, ca, key, properties, locations);
            log.info("Created a development OCSP responder in the token: {}", chain.getFirst().getSubjectX500Principal().getName());
        }
        if (!chain.get(1).equals(ca.chain().getFirst())) {
            throw new StartupFailure("The OCSP responder under key alias '" + properties.ocspKeyAlias()
                    + "' was not certified by the issuing CA; a delegated responder must be");
        }
        registry.register(chain.getFirst(), CertificateKind.OCSP, Optional.empty()).block(STARTUP_WAIT);
        KeyAlgorithm algorithm = KeyAlgorithm.of(chain.getFirst().getPublicKey())
                .orElseThrow(() -> new StartupFailure("The OCSP responder's key is of an unsupported type"));
        return new OcspResponder(pool, key, TokenContentSigner.schemeFor(algorithm), chain, registry, properties, clock,
                work);
    }

    @Bean
    CrlPublishers crlPublishers(SigningPool pool, CertificateAuthority ca, CaProperties caProperties, CertificateRegistry registry,
            CrlStore store, RevocationWork work, RevocationProperties properties, Clock clock) throws Exception {
        CrlPublisher issuing = new CrlPublisher(ca, registry::listed, store, work, properties, clock);
        KeyRef rootKey = new KeyRef(caProperties.rootKeyAlias());
        // start-up only, on the main thread; a production root stays offline, and then only the issuing CA's CRL is ours
        List<X509Certificate> rootChain = pool.certificateChain(rootKey).exceptionally(failure -> List.of())
                .get(STARTUP_WAIT.toSeconds(), TimeUnit.SECONDS);
        Optional<CrlPublisher> root = rootChain.isEmpty() || !rootChain.getFirst().equals(ca.chain().getLast()) ? Optional.empty()
                : Optional.of(new CrlPublisher(new CertificateAuthority(pool, rootKey, List.of(rootChain.getFirst())),
                        at -> Flux.empty(), store, work, properties, clock));
        return new CrlPublishers(issuing, root, properties.crlCheckInterval());
    }

    @Bean
    RevocationData revocationData(OcspResponder ocsp, CrlPublishers crls, CertificateAuthority ca, SigningPool pool) {
        // an answer waits for PostgreSQL and one signature on the pool at most
        return new RevocationData(ocsp, crls, ca, pool.settings().operationTimeout().plusSeconds(5));
    }

    private static List<X509Certificate> create(SigningPool pool, CertificateAuthority ca, KeyRef key,
            RevocationProperties properties, CaLocations locations) throws Exception {
        KeyInfo info = pool.generateKey(key, RESPONDER_KEY).get(STARTUP_WAIT.toSeconds(), TimeUnit.SECONDS);
        Instant notBefore = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(Duration.ofMinutes(5));
        Instant caNotAfter = ca.chain().getFirst().getNotAfter().toInstant();
        Instant wanted = notBefore.plus(properties.ocspCertificateValidity());
        X509Certificate responder = ca.issueOcspResponder(info.publicKey(), properties.ocspCommonName(), notBefore,
                wanted.isAfter(caNotAfter) ? caNotAfter : wanted, locations.now());
        List<X509Certificate> chain = new ArrayList<>(List.of(responder));
        chain.addAll(ca.chain());
        pool.storeCertificateChain(key, chain).get(STARTUP_WAIT.toSeconds(), TimeUnit.SECONDS);
        return List.copyOf(chain);
    }
}
