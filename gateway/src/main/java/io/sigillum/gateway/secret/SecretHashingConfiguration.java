package io.sigillum.gateway.secret;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/** The hashing scheduler (bounded threads and queue) and the hasher on it. */
@Configuration(proxyBeanMethods = false)
class SecretHashingConfiguration {

    @Bean(destroyMethod = "dispose")
    Scheduler secretHashingScheduler(SecretHashingProperties properties) {
        return Schedulers.newBoundedElastic(properties.hashingThreads(), 10_000, "argon2");
    }

    @Bean
    SecretHasher secretHasher(SecretHashingProperties properties, Scheduler secretHashingScheduler) {
        return new SecretHasher(secretHashingScheduler, properties.argon2MemoryKib(), properties.argon2Iterations());
    }
}
