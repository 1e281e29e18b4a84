package io.sigillum.gateway.config;

import java.time.Duration;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.data.redis.connection.ReactiveRedisConnectionFactory;
import org.springframework.stereotype.Component;

/** Fails start-up within seconds, in one line, when Redis cannot be reached: no OTP, no SAD, no signature without it. */
@Component
class RedisReachabilityCheck implements SmartInitializingSingleton {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final ReactiveRedisConnectionFactory connections;
    private final String location;

    RedisReachabilityCheck(ReactiveRedisConnectionFactory connections, org.springframework.core.env.Environment environment) {
        this.connections = connections;
        this.location = RedisLocation.describe(environment);
    }

    @Override
    public void afterSingletonsInstantiated() {
        try {
            // start-up only, on the main thread: waiting here is the point
            connections.getReactiveConnection().ping().timeout(TIMEOUT).block(TIMEOUT.plusSeconds(1));
        } catch (RuntimeException e) {
            throw new StartupFailure("Redis is unreachable at " + location + " (" + Causes.rootMessage(e)
                    + "); set SPRING_DATA_REDIS_URL to a running server or unset it for the embedded default", e);
        }
    }

}
