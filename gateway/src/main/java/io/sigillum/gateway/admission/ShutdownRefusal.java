package io.sigillum.gateway.admission;

import io.sigillum.gateway.web.ApiException;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationListener;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Once the gateway is shutting down, refuses every request that arrives with 503, Retry-After and
 * {@code Connection: close}, before it touches a store. The web server's graceful shutdown stops accepting connections
 * and waits for the requests in flight, but Reactor Netty keeps serving a kept-alive connection whose client sends its
 * next request at once: under load such connections went on being served for seconds after "Graceful shutdown
 * complete", past the signing drain, until Redis and PostgreSQL closed under them. Refused here, such a client reads why,
 * and its next connection goes to an instance that is up. The requests already in flight are answered as usual.
 */
@Component
final class ShutdownRefusal implements WebFilter, Ordered, ApplicationListener<ContextClosedEvent> {

    private final ApplicationContext context;
    private final AdmissionProperties properties;
    private volatile boolean closing;

    ShutdownRefusal(ApplicationContext context, AdmissionProperties properties) {
        this.context = context;
        this.properties = properties;
    }

    /** Published when the context starts to close, before the web server's graceful shutdown begins. */
    @Override
    public void onApplicationEvent(ContextClosedEvent event) {
        if (event.getApplicationContext() == context) {
            closing = true;
        }
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        if (!closing) {
            return chain.filter(exchange);
        }
        exchange.getResponse().getHeaders().set(HttpHeaders.CONNECTION, "close");
        return Mono.error(ApiException.unavailable("The gateway is shutting down; retry on a new connection",
                properties.retryAfter()));
    }

    /** Among the first filters, with admission control: nothing behind it runs for a refused request. */
    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }

    @Override
    public String toString() {
        return "ShutdownRefusal";
    }
}
