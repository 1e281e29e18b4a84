package io.sigillum.gateway.tsa;

import io.sigillum.gateway.ca.CertificateKind;
import io.sigillum.gateway.ca.CertifiedKeys;
import io.sigillum.gateway.config.StartupFailure;
import io.sigillum.signer.algorithm.KeyAlgorithm;
import io.sigillum.signer.ca.TokenContentSigner;
import io.sigillum.signer.pool.SigningPool;
import io.sigillum.signer.token.KeyRef;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Loads the time-stamping unit from the token; on the first start of a development gateway, {@link CertifiedKeys}
 * generates its key there and has the built-in CA certify it (critical EKU id-kp-timeStamping).
 */
@Configuration(proxyBeanMethods = false)
class TimestampAuthorityConfiguration {

    @Bean(destroyMethod = "close")
    TimestampAuthority timestampAuthority(SigningPool pool, CertifiedKeys keys, TsaProperties properties, Clock clock)
            throws Exception {
        KeyRef key = new KeyRef(properties.keyAlias());
        List<X509Certificate> chain = keys.loadOrCreate(key, "time-stamping unit", CertificateKind.TIMESTAMPING,
                KeyAlgorithm.EC_P256, properties.certificateValidity(), (authority, publicKey, notBefore, notAfter, locations) ->
                        authority.issueTimestamping(publicKey, properties.commonName(), notBefore, notAfter, locations));
        KeyAlgorithm algorithm = KeyAlgorithm.of(chain.getFirst().getPublicKey())
                .orElseThrow(() -> new StartupFailure("The time-stamping unit's key is of an unsupported type"));
        return new TimestampAuthority(pool, key, TokenContentSigner.schemeFor(algorithm), chain, properties, clock);
    }
}
