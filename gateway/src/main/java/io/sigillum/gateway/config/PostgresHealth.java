package io.sigillum.gateway.config;

import io.r2dbc.spi.ConnectionFactory;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.ReactiveHealthIndicator;
import org.springframework.boot.r2dbc.health.ConnectionFactoryHealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import reactor.core.publisher.Mono;

/**
 * PostgreSQL's health (the {@code r2dbc} component) as Boot checks it, within the store deadline: Boot's check has no
 * deadline of its own, so a frozen server held {@code /actuator/health} without an answer. Past the deadline it is DOWN.
 */
@Configuration(proxyBeanMethods = false)
class PostgresHealth {

    @Bean
    ReactiveHealthIndicator r2dbcHealthIndicator(ConnectionFactory connections, StoreProperties stores) {
        ConnectionFactoryHealthIndicator boots = new ConnectionFactoryHealthIndicator(connections);
        return () -> boots.health().timeout(stores.timeout(), Mono.fromSupplier(() -> Health.down()
                .withDetail("error", "PostgreSQL did not answer within " + stores.timeout().toMillis() + " ms").build()));
    }
}
