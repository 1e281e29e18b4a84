package io.sigillum.gateway.signing;

import io.sigillum.signer.pool.SigningPool;
import io.sigillum.signer.pool.TokenHealth;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/** Health of the signing token: DOWN while its circuit breaker is open; says which provider signs. */
@Component
class SigningTokenHealthIndicator implements HealthIndicator {

    private final SigningPool pool;

    SigningTokenHealthIndicator(SigningPool pool) {
        this.pool = pool;
    }

    @Override
    public Health health() {
        TokenHealth health = pool.health();
        var metrics = pool.metrics();
        return (health.up() ? Health.up() : Health.down())
                .withDetail("provider", health.provider())
                .withDetail("token", health.description())
                .withDetail("circuit", health.circuitState())
                .withDetail("detail", health.detail())
                .withDetail("workers", metrics.workers())
                .withDetail("queueDepth", metrics.queueDepth())
                .build();
    }
}
