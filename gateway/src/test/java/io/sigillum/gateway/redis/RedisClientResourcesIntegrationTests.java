package io.sigillum.gateway.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.resource.ClientResources;
import io.micrometer.core.instrument.MeterRegistry;
import io.sigillum.gateway.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;

/** A Redis command on the hot path is not timed, observed or traced one by one. */
class RedisClientResourcesIntegrationTests extends IntegrationTest {

    @Autowired
    ReactiveStringRedisTemplate redis;

    @Autowired
    ClientResources resources;

    @Autowired
    MeterRegistry meters;

    @Test
    void commandsLeaveNoPerCommandMetersOrLatencyHistograms() {
        String key = "test:resources:" + System.nanoTime();
        redis.opsForValue().set(key, "v").block();
        redis.opsForValue().get(key).block();
        redis.delete(key).block();

        assertThat(resources.commandLatencyRecorder().isEnabled()).isFalse();
        assertThat(resources.tracing().isEnabled()).isFalse();
        assertThat(meters.getMeters()).noneMatch(meter -> meter.getId().getName().startsWith("lettuce"));
    }
}
