package io.sigillum.gateway.account;

import java.util.Optional;
import org.springframework.core.Ordered;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Looks up the bearer session of an {@code /api/} request before its handler runs, so that {@link CurrentAccountResolver}
 * answers at once: WebFlux resolves a handler's arguments together, and a body that fails to decode while the session
 * is still being fetched from Redis made an unauthenticated request a 400 or a 401 by chance. Now a request without a
 * valid session is always 401, whatever its body. Refuses nothing itself: endpoints that need no session ignore it.
 */
@Component
class SessionLookupFilter implements WebFilter, Ordered {

    /** The looked-up session: present, or empty when the bearer token names none. Absent without a bearer token. */
    static final String ATTRIBUTE = SessionLookupFilter.class.getName() + ".session";

    private static final String API_PREFIX = "/api/";

    private final SessionStore sessions;

    SessionLookupFilter(SessionStore sessions) {
        this.sessions = sessions;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        if (!exchange.getRequest().getPath().pathWithinApplication().value().startsWith(API_PREFIX)) {
            return chain.filter(exchange);
        }
        return CurrentAccountResolver.bearerToken(exchange)
                .flatMap(token -> sessions.find(token).map(Optional::of).defaultIfEmpty(Optional.empty()))
                .doOnNext(session -> exchange.getAttributes().put(ATTRIBUTE, session))
                .then(chain.filter(exchange));
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE + 10;
    }

    /** Its name in the checkpoint WebFlux makes for each filter on every request: a constant, not a formatted hash code. */
    @Override
    public String toString() {
        return "SessionLookupFilter";
    }
}
