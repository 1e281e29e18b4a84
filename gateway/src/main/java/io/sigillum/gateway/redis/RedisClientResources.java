package io.sigillum.gateway.redis;

import io.lettuce.core.metrics.CommandLatencyRecorder;
import org.springframework.boot.data.redis.autoconfigure.ClientResourcesBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Lettuce records nothing per command. Two recorders would otherwise time every command on the Lettuce threads: Spring
 * Boot's Micrometer observation ({@code LettuceObservationAutoConfiguration}, excluded in {@code application.yml}) and
 * Lettuce's own latency histograms (on whenever LatencyUtils is on the class path, as it is here). Under signHash ×1
 * the two took about a third of the Lettuce threads' CPU samples, on the hot path's one Redis call per request. What
 * matters is measured elsewhere: signing requests by {@code AdmissionControl}'s timers, Redis's reachability by the
 * health check, a slow Redis by the store deadline.
 */
@Configuration(proxyBeanMethods = false)
class RedisClientResources {

    @Bean
    ClientResourcesBuilderCustomizer noPerCommandLatencyHistograms() {
        return builder -> builder.commandLatencyRecorder(CommandLatencyRecorder.disabled());
    }
}
