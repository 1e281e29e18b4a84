package io.sigillum.gateway.seal;

import io.sigillum.gateway.ca.CaProperties;
import io.sigillum.gateway.ca.CertificateKind;
import io.sigillum.gateway.ca.CertifiedKeys;
import io.sigillum.gateway.config.StartupFailure;
import io.sigillum.signer.algorithm.KeyAlgorithm;
import io.sigillum.signer.ca.TokenContentSigner;
import io.sigillum.signer.token.KeyRef;
import java.security.cert.X509Certificate;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Loads the QTSP's seal from the token (created and certified by the built-in CA on a development gateway's first start). */
@Configuration(proxyBeanMethods = false)
class SealConfiguration {

    @Bean
    QtspSeal qtspSeal(CertifiedKeys keys, SealProperties properties, CaProperties ca) throws Exception {
        KeyRef key = new KeyRef(properties.keyAlias());
        List<X509Certificate> chain = keys.loadOrCreate(key, "QTSP seal", CertificateKind.SEAL, KeyAlgorithm.EC_P256,
                properties.certificateValidity(), (authority, publicKey, notBefore, notAfter, locations) ->
                        authority.issueSeal(publicKey, properties.organizationIdentifier(), properties.commonName(),
                                notBefore, notAfter, locations, ca.pdsUrl()));
        KeyAlgorithm algorithm = KeyAlgorithm.of(chain.getFirst().getPublicKey())
                .orElseThrow(() -> new StartupFailure("The QTSP seal's key is of an unsupported type"));
        return new QtspSeal(key, TokenContentSigner.schemeFor(algorithm), chain);
    }
}
