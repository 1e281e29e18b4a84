package io.sigillum.gateway.csc;

import io.sigillum.gateway.config.StoreProperties;
import io.sigillum.gateway.credential.CredentialCache;
import io.sigillum.gateway.credential.CredentialRepository;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The pieces of the CSC API that need configuration values. */
@Configuration(proxyBeanMethods = false)
class CscConfiguration {

    @Bean
    CredentialCache credentialCache(CredentialRepository repository, CscProperties properties, StoreProperties stores) {
        return new CredentialCache(repository, properties.credentialCacheTtl(), properties.credentialCacheSize(),
                stores.timeout());
    }
}
