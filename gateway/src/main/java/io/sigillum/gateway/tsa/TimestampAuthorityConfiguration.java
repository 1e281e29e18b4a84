package io.sigillum.gateway.tsa;

import io.sigillum.gateway.ca.CaUnits;
import io.sigillum.gateway.ca.CertificateKind;
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
 * Loads the time-stamping unit from the token; on the first start of a development gateway, generates its key there and
 * has the built-in CA certify it (critical EKU id-kp-timeStamping), as the CA configuration does for the CA itself.
 */
@Configuration(proxyBeanMethods = false)
class TimestampAuthorityConfiguration {

    @Bean(destroyMethod = "close")
    TimestampAuthority timestampAuthority(SigningPool pool, CaUnits units, TsaProperties properties, Clock clock) throws Exception {
        KeyRef key = new KeyRef(properties.keyAlias());
        List<X509Certificate> chain = units.loadOrCreate(key, "time-stamping unit", CertificateKind.TIMESTAMPING,
                properties.certificateValidity(), (ca, unitKey, notBefore, notAfter, locations) ->
                        ca.issueTimestamping(unitKey, properties.commonName(), notBefore, notAfter, locations));
        KeyAlgorithm algorithm = KeyAlgorithm.of(chain.getFirst().getPublicKey())
                .orElseThrow(() -> new StartupFailure("The time-stamping unit's key is of an unsupported type"));
        return new TimestampAuthority(pool, key, TokenContentSigner.schemeFor(algorithm), chain, properties, clock);
    }
}
