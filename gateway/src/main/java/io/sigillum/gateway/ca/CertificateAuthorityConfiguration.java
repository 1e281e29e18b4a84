package io.sigillum.gateway.ca;

import io.sigillum.gateway.config.StartupFailure;
import io.sigillum.signer.ca.CertificateAuthority;
import io.sigillum.signer.pool.SigningPool;
import io.sigillum.signer.token.KeyRef;
import java.security.cert.X509Certificate;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.core.env.Profiles;

/**
 * Loads the issuing CA from the token; on the first start of a development gateway, creates a root and an issuing CA
 * there (keys generated in the token, like every other key).
 */
@Configuration(proxyBeanMethods = false)
class CertificateAuthorityConfiguration {

    private static final Logger log = LoggerFactory.getLogger(CertificateAuthorityConfiguration.class);

    @Bean
    CertificateAuthority certificateAuthority(SigningPool pool, CaProperties properties, CaLocations locations,
            TokenProvisioning provisioning, Environment environment) throws Exception {
        KeyRef issuing = new KeyRef(properties.issuingKeyAlias());
        // start-up only, on the main thread
        List<X509Certificate> chain = CertifiedKeys.storedChain(pool, issuing);
        if (chain.size() >= 2) {
            return loaded(pool, issuing, chain);
        }
        if (!properties.createIfMissing() || environment.acceptsProfiles(Profiles.of("prod"))) {
            throw new StartupFailure("No issuing CA in the token under key alias '" + properties.issuingKeyAlias()
                    + "' (with its chain); load the CA keys and certificates into the token first");
        }
        return provisioning.exclusively(() -> {
            // another instance sharing the token may have made it while this one waited
            List<X509Certificate> made = CertifiedKeys.storedChain(pool, issuing);
            if (made.size() >= 2) {
                return loaded(pool, issuing, made);
            }
            List<X509Certificate> created = CertificateAuthority.createRootAndIssuing(pool, new KeyRef(properties.rootKeyAlias()),
                    issuing, properties.organisation(), properties.country(), properties.validity(), locations.issuingCa());
            log.info("Created a development root and issuing CA in the token: {}",
                    created.getFirst().getSubjectX500Principal().getName());
            return new CertificateAuthority(pool, issuing, created);
        });
    }

    private static CertificateAuthority loaded(SigningPool pool, KeyRef issuing, List<X509Certificate> chain) {
        log.info("Issuing CA loaded: {}", chain.getFirst().getSubjectX500Principal().getName());
        return new CertificateAuthority(pool, issuing, chain);
    }
}
