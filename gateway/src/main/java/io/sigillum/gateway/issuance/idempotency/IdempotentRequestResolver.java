package io.sigillum.gateway.issuance.idempotency;

import java.util.Optional;
import org.springframework.core.MethodParameter;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.reactive.BindingContext;
import org.springframework.web.reactive.result.method.HandlerMethodArgumentResolver;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Reads the optional {@code Idempotency-Key} header, the endpoint and the body's fingerprint into an
 * {@link IdempotentRequest} parameter.
 */
final class IdempotentRequestResolver implements HandlerMethodArgumentResolver {

    /** The fingerprint of a request whose body was not read, having no key: that of no bytes. */
    static final String NO_BODY = IdempotentBodyFingerprint.sha256(new byte[0]);

    @Override
    public boolean supportsParameter(MethodParameter parameter) {
        return parameter.getParameterType() == IdempotentRequest.class;
    }

    @Override
    public Mono<Object> resolveArgument(MethodParameter parameter, BindingContext bindingContext,
            ServerWebExchange exchange) {
        return Mono.fromSupplier(() -> resolve(exchange.getRequest(),
                exchange.getAttributeOrDefault(IdempotentBodyFingerprint.ATTRIBUTE, NO_BODY)));
    }

    /** A request and the fingerprint {@link IdempotentBodyFingerprint} took of its body. */
    static IdempotentRequest resolve(ServerHttpRequest request, String bodySha256) {
        Optional<IdempotencyKey> key = Optional.ofNullable(request.getHeaders().getFirst(IdempotencyKey.HEADER))
                .map(IdempotencyKey::new);
        return new IdempotentRequest(key, request.getMethod() + " " + request.getPath().value(), bodySha256);
    }
}
