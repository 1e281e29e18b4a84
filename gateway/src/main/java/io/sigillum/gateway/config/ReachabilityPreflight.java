package io.sigillum.gateway.config;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import org.springframework.core.env.Environment;

/**
 * A TCP connect to each configured external server before any bean is made, so a dead PostgreSQL or Redis stops
 * start-up within seconds and in one line, instead of surfacing later as a connection-pool failure.
 */
final class ReachabilityPreflight {

    private static final int CONNECT_TIMEOUT_MILLIS = 3_000;

    private ReachabilityPreflight() {
    }

    static void checkPostgres(Environment environment) {
        String url = environment.getProperty("spring.r2dbc.url");
        if (url != null) {
            URI uri = URI.create(url.replaceFirst("^r2dbc:(pool:)?", ""));
            check("PostgreSQL", uri.getHost(), uri.getPort() < 0 ? 5432 : uri.getPort(), "SPRING_R2DBC_URL");
        }
    }

    static void checkRedis(Environment environment) {
        String url = environment.getProperty("spring.data.redis.url");
        if (url != null) {
            URI uri = URI.create(url);
            check("Redis", uri.getHost(), uri.getPort() < 0 ? 6379 : uri.getPort(), "SPRING_DATA_REDIS_URL");
        } else if (environment.containsProperty("spring.data.redis.host")) {
            check("Redis", environment.getProperty("spring.data.redis.host"),
                    environment.getProperty("spring.data.redis.port", Integer.class, 6379), "SPRING_DATA_REDIS_HOST");
        }
    }

    private static void check(String what, String host, int port, String variable) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), CONNECT_TIMEOUT_MILLIS);
        } catch (IOException e) {
            throw new StartupFailure(what + " is unreachable at " + host + ":" + port + " (" + e.getClass().getSimpleName()
                    + ": " + e.getMessage() + "); set " + variable + " to a running server or unset it for the embedded default", e);
        }
    }
}
