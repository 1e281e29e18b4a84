package io.sigillum.gateway.operations;

import io.sigillum.gateway.web.ApiException;
import org.reactivestreams.Publisher;
import org.springframework.core.Ordered;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpResponseDecorator;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A path below the public health probe that names nothing the probe shows ({@code /actuator/health/db}: components are
 * for operators; {@code /actuator/health/anything}) gets the same {@code application/problem+json} 404 as any other
 * unknown path. The actuator answers it with a bare 404 of its own, which this turns into the error it stands for before
 * anything is written; the probe itself and its groups ({@code liveness}, {@code readiness}) are untouched.
 */
@Component
class HealthPathNotFound implements WebFilter, Ordered {

    private static final String BELOW_THE_PROBE = "/actuator/health/";

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        String path = exchange.getRequest().getPath().pathWithinApplication().value();
        if (!path.startsWith(BELOW_THE_PROBE) || path.length() == BELOW_THE_PROBE.length()) {
            return chain.filter(exchange);
        }
        // a segment the actuator cannot take as one name (an encoded slash: a%2Fb) is a name it does not show either
        return chain.filter(exchange.mutate().response(new NotFoundAsError(exchange)).build())
                .onErrorMap(IllegalArgumentException.class, notOneName -> ApiException.notFound("No such endpoint"));
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }

    @Override
    public String toString() {
        return "HealthPathNotFound";
    }

    /** Fails the actuator's bare 404, so that the edge answers it as every other 404. */
    private static final class NotFoundAsError extends ServerHttpResponseDecorator {

        NotFoundAsError(ServerWebExchange exchange) {
            super(exchange.getResponse());
        }

        @Override
        public Mono<Void> writeWith(Publisher<? extends DataBuffer> body) {
            return notFound() ? Flux.from(body).doOnNext(DataBufferUtils::release).then(noSuchPath()) : super.writeWith(body);
        }

        @Override
        public Mono<Void> setComplete() {
            return notFound() ? noSuchPath() : super.setComplete();
        }

        private boolean notFound() {
            return HttpStatus.NOT_FOUND.equals(getStatusCode());
        }

        private static Mono<Void> noSuchPath() {
            return Mono.error(ApiException.notFound("No such endpoint"));
        }
    }
}
