package io.sigillum.gateway.web;

import io.sigillum.gateway.support.IntegrationTest;
import org.junit.jupiter.api.Test;

class HealthAndDocsIntegrationTests extends IntegrationTest {

    @Test
    void healthIsUpWithPostgresAndRedisListed() {
        web.get().uri("/actuator/health").exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.status").isEqualTo("UP")
                .jsonPath("$.components.r2dbc.status").isEqualTo("UP")
                .jsonPath("$.components.redis.status").isEqualTo("UP");
    }

    @Test
    void openApiDocumentIsServed() {
        web.get().uri("/v3/api-docs").exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.openapi").value(v -> org.assertj.core.api.Assertions.assertThat((String) v).startsWith("3."));
    }

    @Test
    void prometheusMetricsAreServed() {
        web.get().uri("/actuator/prometheus").exchange()
                .expectStatus().isOk()
                .expectBody(String.class).value(body -> org.assertj.core.api.Assertions.assertThat(body).contains("jvm_memory_used_bytes"));
    }
}
