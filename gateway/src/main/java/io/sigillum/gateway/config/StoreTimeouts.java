package io.sigillum.gateway.config;

import io.r2dbc.postgresql.PostgresqlConnectionFactoryProvider;
import io.r2dbc.spi.ConnectionFactory;
import org.springframework.boot.r2dbc.autoconfigure.ConnectionFactoryOptionsBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.r2dbc.core.DatabaseClient;

/**
 * The store deadline on both sides of a PostgreSQL statement. On the server's: a statement, or a wait for a row lock
 * (the audit chain head), that runs past it is cancelled by PostgreSQL, so a connection is never held by one stuck
 * query. On the gateway's ({@link DeadlineResult}): a statement whose answer has not begun by then fails with a
 * {@link java.util.concurrent.TimeoutException} (503), for a server that answers nothing at all — frozen, or behind a
 * dead network path — cancels nothing.
 */
@Configuration(proxyBeanMethods = false)
class StoreTimeouts {

    @Bean
    ConnectionFactoryOptionsBuilderCustomizer storeDeadlines(StoreProperties stores) {
        return options -> options
                .option(PostgresqlConnectionFactoryProvider.STATEMENT_TIMEOUT, stores.timeout())
                .option(PostgresqlConnectionFactoryProvider.LOCK_WAIT_TIMEOUT, stores.timeout());
    }

    /** Boot's own client, with every statement's wait for its first result bounded by the store deadline. */
    @Bean
    DatabaseClient databaseClient(ConnectionFactory connections, StoreProperties stores) {
        return DatabaseClient.builder().connectionFactory(connections)
                .executeFunction(statement -> DeadlineResult.execute(statement, stores.timeout()))
                .build();
    }
}
