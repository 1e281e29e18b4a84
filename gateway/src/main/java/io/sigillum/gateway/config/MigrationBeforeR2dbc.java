package io.sigillum.gateway.config;

import java.util.Set;
import org.springframework.boot.sql.init.dependency.AbstractBeansOfTypeDependsOnDatabaseInitializationDetector;
import org.springframework.r2dbc.core.DatabaseClient;

/**
 * Makes the R2DBC {@link DatabaseClient} (every query in the gateway goes through it) wait for Boot's database
 * initialisation, i.e. the Flyway migration, so no bean can query PostgreSQL before the schema is there and none needs to
 * say so itself. Not the {@code ConnectionFactory}: Boot's own R2DBC script initializer needs that one first.
 */
final class MigrationBeforeR2dbc extends AbstractBeansOfTypeDependsOnDatabaseInitializationDetector {

    @Override
    protected Set<Class<?>> getDependsOnDatabaseInitializationBeanTypes() {
        return Set.of(DatabaseClient.class);
    }
}
