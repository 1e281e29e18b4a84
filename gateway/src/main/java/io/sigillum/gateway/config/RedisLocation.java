package io.sigillum.gateway.config;

import java.net.URI;
import org.springframework.core.env.Environment;

/** Where Redis is configured, for messages: host and port only, never the password. */
final class RedisLocation {

    private RedisLocation() {
    }

    static String describe(Environment environment) {
        String url = environment.getProperty("spring.data.redis.url");
        if (url != null) {
            URI uri = URI.create(url);
            return uri.getHost() + ":" + (uri.getPort() < 0 ? 6379 : uri.getPort());
        }
        return environment.getProperty("spring.data.redis.host", "localhost") + ":"
                + environment.getProperty("spring.data.redis.port", "6379");
    }
}
