package io.sigillum.gateway.csc;

import static org.assertj.core.api.Assertions.assertThat;

import io.sigillum.gateway.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.context.SmartLifecycle;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/** The drain stops where it must: after the web server has drained and stopped, before Redis' connections close. */
class SigningDrainIntegrationTests extends IntegrationTest {

    @Autowired
    private ApplicationContext context;

    @Test
    void stopsAfterTheWebServerAndBeforeTheRedisConnectionFactory() {
        int drain = context.getBean(SigningDrain.class).getPhase();
        int webServer = context.getBeansOfType(SmartLifecycle.class).values().stream()
                .filter(lifecycle -> lifecycle.getClass().getSimpleName().startsWith("WebServer"))
                .mapToInt(SmartLifecycle::getPhase).min().orElseThrow();

        // a higher phase stops first
        assertThat(webServer).isGreaterThan(drain);
        assertThat(drain).isGreaterThan(context.getBean(LettuceConnectionFactory.class).getPhase());
    }
}
