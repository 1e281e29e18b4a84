package io.sigillum.gateway.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.sigillum.gateway.support.IntegrationTest;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.web.reactive.DispatcherHandler;
import org.springframework.web.reactive.HandlerMapping;
import org.springframework.web.reactive.function.server.support.RouterFunctionMapping;

class RouterFunctionsFirstIntegrationTests extends IntegrationTest {

    @Autowired
    DispatcherHandler dispatcher;

    @Test
    void theFunctionalRoutesAreLookedUpBeforeTheActuatorAndTheControllers() {
        List<HandlerMapping> mappings = dispatcher.getHandlerMappings();
        assertThat(mappings).isNotEmpty();
        assertThat(mappings.getFirst()).isInstanceOf(RouterFunctionMapping.class);
    }

    @Test
    void theActuatorAndTheControllersAnswerAsBefore() {
        web.get().uri("/actuator/health").exchange().expectStatus().isOk();
        web.post().uri("/csc/v2/info").exchange().expectStatus().isOk();
        web.get().uri("/no/such/path").exchange().expectStatus().isNotFound();
    }
}
