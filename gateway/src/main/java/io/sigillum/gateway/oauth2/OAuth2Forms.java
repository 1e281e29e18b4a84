package io.sigillum.gateway.oauth2;

import io.sigillum.gateway.web.ApiException;
import org.springframework.util.MultiValueMap;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/** Reads the form body of an OAuth2 endpoint: a body that is not URL encoding is the client's error (400), not ours. */
final class OAuth2Forms {

    private OAuth2Forms() {
    }

    /** The exchange's form; a bad escape ({@code %}, {@code %zz}) answers 400 {@code invalid_request}. */
    static Mono<MultiValueMap<String, String>> read(ServerWebExchange exchange) {
        return exchange.getFormData().onErrorMap(IllegalArgumentException.class,
                e -> ApiException.badRequest("The form body is not valid URL encoding"));
    }
}
