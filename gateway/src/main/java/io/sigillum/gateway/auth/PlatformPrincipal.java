package io.sigillum.gateway.auth;

import io.sigillum.gateway.web.ApiException;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ServerWebExchange;

/** The platform a request acts for, as proven by its access token. */
public record PlatformPrincipal(UUID platformId, String clientId, Set<String> scopes, Instant expiresAt) {

    static final String ATTRIBUTE = PlatformPrincipal.class.getName();

    /** The authenticated platform of this exchange; the bearer filter has put it there or refused the request. */
    public static PlatformPrincipal of(ServerWebExchange exchange) {
        PlatformPrincipal principal = exchange.getAttribute(ATTRIBUTE);
        if (principal == null) {
            throw new ApiException(HttpStatus.UNAUTHORIZED, "invalid_token", "An access token is required");
        }
        return principal;
    }
}
