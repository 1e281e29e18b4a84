package io.sigillum.gateway.config;

import io.r2dbc.postgresql.PostgresqlConnectionFactoryProvider;
import org.springframework.boot.r2dbc.autoconfigure.ConnectionFactoryOptionsBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * PostgreSQL enforces the store deadline on its side too: a statement, or a wait for a row lock (the audit chain head),
 * that runs past it is cancelled by the server, so a connection is never held by one stuck query.
 */
@Configuration(proxyBeanMethods = false)
class StoreTimeouts {

    @Bean
    ConnectionFactoryOptionsBuilderCustomizer storeDeadlines(StoreProperties stores) {
        return options -> options
                .option(PostgresqlConnectionFactoryProvider.STATEMENT_TIMEOUT, stores.timeout())
                .option(PostgresqlConnectionFactoryProvider.LOCK_WAIT_TIMEOUT, stores.timeout());
    }
}
