package io.sigillum.gateway.csc;

import io.sigillum.gateway.audit.AuditLog;
import io.sigillum.gateway.config.StoreProperties;
import io.sigillum.gateway.credential.CredentialCache;
import io.sigillum.gateway.credential.CredentialRepository;
import io.sigillum.gateway.sad.SadStore;
import io.sigillum.signer.pool.SigningPool;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/** The pieces of the CSC API that need configuration values. */
@Configuration(proxyBeanMethods = false)
class CscConfiguration {

    @Bean
    CredentialCache credentialCache(CredentialRepository repository, CscProperties properties, StoreProperties stores) {
        return new CredentialCache(repository, properties.credentialCacheTtl(), properties.credentialCacheSize(),
                stores.timeout());
    }

    @Bean
    SigningDrain signingDrain(SigningPool pool, AuditLog audit, SadStore sads, LettuceConnectionFactory redis) {
        return SigningDrain.of(pool, audit, sads, redis);
    }
}
