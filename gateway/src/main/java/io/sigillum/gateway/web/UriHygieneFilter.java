package io.sigillum.gateway.web;

import java.util.Locale;
import org.springframework.core.Ordered;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/** Refuses a URI whose path or query encodes a NUL character (see {@link InputRules}) before any handler reads it. */
@Component
class UriHygieneFilter implements WebFilter, Ordered {

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        String uri = exchange.getRequest().getURI().getRawPath() + "?" + exchange.getRequest().getURI().getRawQuery();
        if (uri.indexOf('\u0000') >= 0 || uri.toLowerCase(Locale.ROOT).contains("%00")) {
            return Mono.error(new RejectedInputException("The request URI " + InputRules.NUL_MESSAGE));
        }
        return chain.filter(exchange);
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE + 2;
    }
}
