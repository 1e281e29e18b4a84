package io.sigillum.gateway.auth;

import io.sigillum.gateway.web.ApiException;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Authenticates platforms on {@code /csc/v2/**} (all but {@code info}) from {@code Authorization: Bearer}: the token is
 * verified locally and the platform put on the exchange for the handlers. Requires the {@code service} scope.
 */
@Component
class BearerAuthenticationFilter implements WebFilter, Ordered {

    private static final String PROTECTED_PREFIX = "/csc/v2/";
    private static final String PUBLIC_PATH = "/csc/v2/info";
    private static final String SCOPE = "service";

    private final AccessTokens tokens;

    BearerAuthenticationFilter(AccessTokens tokens) {
        this.tokens = tokens;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        String path = exchange.getRequest().getPath().pathWithinApplication().value();
        if (!path.startsWith(PROTECTED_PREFIX) || path.equals(PUBLIC_PATH)) {
            return chain.filter(exchange);
        }
        String header = exchange.getRequest().getHeaders().getFirst(HttpHeaders.AUTHORIZATION);
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7) || header.length() <= 7) {
            return Mono.error(new ApiException(HttpStatus.UNAUTHORIZED, "invalid_token",
                    "Missing bearer access token (Authorization: Bearer <token>)"));
        }
        return tokens.verify(header.substring(7).trim())
                .flatMap(principal -> {
                    if (!principal.scopes().contains(SCOPE)) {
                        return Mono.error(new ApiException(HttpStatus.FORBIDDEN, "insufficient_scope",
                                "The access token lacks the '" + SCOPE + "' scope"));
                    }
                    exchange.getAttributes().put(PlatformPrincipal.ATTRIBUTE, principal);
                    return chain.filter(exchange);
                });
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE + 10;
    }
}
