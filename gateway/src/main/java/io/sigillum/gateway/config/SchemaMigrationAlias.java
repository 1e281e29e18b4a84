package io.sigillum.gateway.config;

import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The old name {@code schemaMigration} as an alias of Boot's Flyway initializer, for beans outside this change that still
 * carry {@code @DependsOn("schemaMigration")} (issuance, notify). {@link MigrationBeforeR2dbc} already orders them; delete
 * this class together with the last of those annotations.
 */
@Configuration(proxyBeanMethods = false)
class SchemaMigrationAlias {

    @Bean
    static BeanFactoryPostProcessor schemaMigrationAsFlywayInitializer() {
        return beanFactory -> beanFactory.registerAlias("flywayInitializer", "schemaMigration");
    }
}
