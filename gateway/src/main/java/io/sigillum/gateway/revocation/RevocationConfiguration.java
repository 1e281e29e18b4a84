package io.sigillum.gateway.revocation;

import io.sigillum.gateway.ca.CaProperties;
import io.sigillum.gateway.ca.CertificateKind;
import io.sigillum.gateway.ca.CertificateRegistry;
import io.sigillum.gateway.ca.CertifiedKeys;
import io.sigillum.gateway.config.StartupFailure;
import io.sigillum.signer.algorithm.KeyAlgorithm;
import io.sigillum.signer.ca.CertificateAuthority;
import io.sigillum.signer.ca.TokenContentSigner;
import io.sigillum.signer.pool.SigningPool;
import io.sigillum.signer.token.KeyRef;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import reactor.core.publisher.Flux;

/**
 * Where OCSP answers and CRLs are signed; the CRL publishers (the issuing CA's, and the root's when its key is here); and
 * the OCSP responder, one of the QTSP's keys certified by the built-in CA ({@link CertifiedKeys}).
 */
@Configuration(proxyBeanMethods = false)
class RevocationConfiguration {

    private static final Duration STARTUP_WAIT = Duration.ofSeconds(30);

    @Bean(destroyMethod = "close")
    RevocationWork revocationWork(RevocationProperties properties) {
        return new RevocationWork(properties);
    }

    @Bean
    OcspResponder ocspResponder(SigningPool pool, CertificateAuthority ca, CertifiedKeys keys, CertificateRegistry registry,
            RevocationProperties properties, Clock clock, RevocationWork work) throws Exception {
        KeyRef key = new KeyRef(properties.ocspKeyAlias());
        List<X509Certificate> chain = keys.loadOrCreate(key, "OCSP responder", CertificateKind.OCSP, KeyAlgorithm.EC_P256,
                properties.ocspCertificateValidity(), (issuer, responderKey, notBefore, notAfter, locations) ->
                        issuer.issueOcspResponder(responderKey, properties.ocspCommonName(), notBefore, notAfter, locations));
        if (!chain.get(1).equals(ca.chain().getFirst())) {
            throw new StartupFailure("The OCSP responder under key alias '" + properties.ocspKeyAlias()
                    + "' was not certified by the issuing CA; a delegated responder must be");
        }
        KeyAlgorithm algorithm = KeyAlgorithm.of(chain.getFirst().getPublicKey())
                .orElseThrow(() -> new StartupFailure("The OCSP responder's key is of an unsupported type"));
        return new OcspResponder(pool, key, TokenContentSigner.schemeFor(algorithm), chain, registry, properties, clock, work);
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
}
