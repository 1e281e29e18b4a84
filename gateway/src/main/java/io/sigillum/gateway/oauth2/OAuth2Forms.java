package io.sigillum.gateway.oauth2;

import io.sigillum.gateway.web.ApiException;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/** Reads the form body of an OAuth2 endpoint: a body that is not URL encoding is the client's error (400), not ours. */
final class OAuth2Forms {

    private OAuth2Forms() {
    }

    /**
     * The exchange's form, without the parameters sent without a value ({@code a} or {@code a=}), which RFC 6749 §3.1
     * and §3.2 treat as omitted; a bad escape ({@code %}, {@code %zz}) answers 400 {@code invalid_request}.
     */
    static Mono<MultiValueMap<String, String>> read(ServerWebExchange exchange) {
        return exchange.getFormData()
                .onErrorMap(IllegalArgumentException.class, e -> ApiException.badRequest("The form body is not valid URL encoding"))
                .map(OAuth2Forms::withoutEmptyValues);
    }

    private static MultiValueMap<String, String> withoutEmptyValues(MultiValueMap<String, String> form) {
        MultiValueMap<String, String> given = new LinkedMultiValueMap<>(form.size());
        form.forEach((name, values) -> values.stream().filter(value -> value != null && !value.isEmpty())
                .forEach(value -> given.add(name, value)));
        return given;
    }
}
