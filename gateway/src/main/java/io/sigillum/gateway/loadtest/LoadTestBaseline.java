package io.sigillum.gateway.loadtest;

import java.nio.charset.StandardCharsets;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * The {@code loadtest} profile's baseline: a constant 32-byte JSON answer, so a load test measures the HTTP ceiling of
 * this very server in the same run as the signing path.
 */
@Configuration(proxyBeanMethods = false)
@Profile("loadtest")
class LoadTestBaseline {

    private static final byte[] CONSTANT = "{\"status\":\"ok\",\"padding\":\"xxx\"}".getBytes(StandardCharsets.US_ASCII);

    @Bean
    RouterFunction<ServerResponse> baselineRoute() {
        return RouterFunctions.route()
                .GET("/_baseline/const", request -> ServerResponse.ok().contentType(MediaType.APPLICATION_JSON).bodyValue(CONSTANT))
                .build();
    }
}
