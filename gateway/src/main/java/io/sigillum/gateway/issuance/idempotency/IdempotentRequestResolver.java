package io.sigillum.gateway.issuance.idempotency;

import java.util.Optional;
import org.springframework.core.MethodParameter;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.reactive.BindingContext;
import org.springframework.web.reactive.result.method.HandlerMethodArgumentResolver;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/** Reads the optional {@code Idempotency-Key} header and the endpoint into an {@link IdempotentRequest} parameter. */
final class IdempotentRequestResolver implements HandlerMethodArgumentResolver {

    @Override
    public boolean supportsParameter(MethodParameter parameter) {
        return parameter.getParameterType() == IdempotentRequest.class;
    }

    @Override
    public Mono<Object> resolveArgument(MethodParameter parameter, BindingContext bindingContext,
            ServerWebExchange exchange) {
        return Mono.fromSupplier(() -> resolve(exchange.getRequest()));
    }

    static IdempotentRequest resolve(ServerHttpRequest request) {
        Optional<IdempotencyKey> key = Optional.ofNullable(request.getHeaders().getFirst(IdempotencyKey.HEADER))
                .map(IdempotencyKey::new);
        return new IdempotentRequest(key, request.getMethod() + " " + request.getPath().value());
    }
}
