package io.sigillum.gateway.account;

import io.sigillum.gateway.web.ApiException;
import java.util.Optional;
import org.springframework.core.MethodParameter;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.reactive.BindingContext;
import org.springframework.web.reactive.result.method.HandlerMethodArgumentResolver;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Turns {@code Authorization: Bearer <token>} into the {@link CurrentAccount} parameter, or refuses with 401: from the
 * session {@link SessionLookupFilter} looked up before the handler (on {@code /api/}), else from the store; with 403
 * when the parameter names the roles it must have ({@link Acting}) and the caller has none of them.
 */
final class CurrentAccountResolver implements HandlerMethodArgumentResolver {

    static final String BEARER = "Bearer ";

    private final SessionStore sessions;

    CurrentAccountResolver(SessionStore sessions) {
        this.sessions = sessions;
    }

    @Override
    public boolean supportsParameter(MethodParameter parameter) {
        return parameter.getParameterType() == CurrentAccount.class;
    }

    @Override
    public Mono<Object> resolveArgument(MethodParameter parameter, BindingContext bindingContext,
            ServerWebExchange exchange) {
        Optional<CurrentAccount> looked = exchange.getAttribute(SessionLookupFilter.ATTRIBUTE);
        Mono<CurrentAccount> session = looked != null ? Mono.justOrEmpty(looked) : bearerToken(exchange).flatMap(sessions::find);
        Acting acting = parameter.getParameterAnnotation(Acting.class);
        return session.<Object>map(account -> acting == null ? account : account.require(acting.value()))
                .switchIfEmpty(Mono.error(() -> new ApiException(HttpStatus.UNAUTHORIZED, "unauthorized",
                        "A valid bearer session is required (POST /api/v1/sessions)")));
    }

    static Mono<String> bearerToken(ServerWebExchange exchange) {
        String header = exchange.getRequest().getHeaders().getFirst(HttpHeaders.AUTHORIZATION);
        if (header == null || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return Mono.empty();
        }
        String token = header.substring(BEARER.length()).trim();
        return token.isEmpty() ? Mono.empty() : Mono.just(token);
    }
}
