package io.sigillum.gateway.auth;

import io.sigillum.gateway.web.ApiException;
import java.util.Set;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Authenticates platforms on {@code /csc/v2/**} (all but {@code info}) from {@code Authorization: Bearer}: the token is
 * verified locally and the platform put on the exchange for the handlers. The service methods need the {@code service}
 * scope; the signing methods take a {@code service} token (with a SAD in the body) or a {@code credential} token (which
 * stands for the SAD; {@code signatures/timestamp}, which spends no grant, takes a {@code service} token only). A
 * {@code credential} token may also read {@code credentials/info} of its own credential (and of no other: see
 * {@code CredentialDirectory}) — the EUDI rQES client reads the certificate that way right after the token exchange,
 * before it signs.
 */
@Component
class BearerAuthenticationFilter implements WebFilter, Ordered {

    private static final String PROTECTED_PREFIX = "/csc/v2/";
    private static final String PUBLIC_PATH = "/csc/v2/info";
    private static final String SIGNING_PREFIX = "/csc/v2/signatures/";
    /** The methods a {@code credential} token stands for a SAD in: it authorizes signing its hashes, nothing else. */
    private static final Set<String> SIGNING_WITH_A_GRANT = Set.of("/csc/v2/signatures/signHash", "/csc/v2/signatures/signDoc");
    private static final String CREDENTIAL_INFO_PATH = "/csc/v2/credentials/info";

    private final AccessTokens tokens;

    BearerAuthenticationFilter(AccessTokens tokens) {
        this.tokens = tokens;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        String path = exchange.getRequest().getPath().pathWithinApplication().value();
        // OPTIONS asks which methods a resource takes, and never carries credentials (a CORS preflight cannot): it is
        // answered with Allow, and runs no method
        if (!path.startsWith(PROTECTED_PREFIX) || path.equals(PUBLIC_PATH)
                || HttpMethod.OPTIONS.equals(exchange.getRequest().getMethod())) {
            return chain.filter(exchange);
        }
        String header = exchange.getRequest().getHeaders().getFirst(HttpHeaders.AUTHORIZATION);
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7) || header.length() <= 7) {
            return Mono.error(new ApiException(HttpStatus.UNAUTHORIZED, "invalid_token",
                    "Missing bearer access token (Authorization: Bearer <token>)"));
        }
        return tokens.verify(header.substring(7).trim())
                .flatMap(principal -> {
                    boolean signing = path.startsWith(SIGNING_PREFIX);
                    boolean credentialMethod = SIGNING_WITH_A_GRANT.contains(path) || path.equals(CREDENTIAL_INFO_PATH);
                    if (!principal.scopes().contains(AccessTokens.SERVICE_SCOPE)
                            && !(credentialMethod && principal.scopes().contains(AccessTokens.CREDENTIAL_SCOPE))) {
                        return Mono.error(new ApiException(HttpStatus.FORBIDDEN, "insufficient_scope", credentialMethod && signing
                                ? "The access token has neither the 'service' nor the 'credential' scope"
                                : "The access token lacks the 'service' scope"));
                    }
                    exchange.getAttributes().put(PlatformPrincipal.ATTRIBUTE, principal);
                    return chain.filter(exchange);
                });
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE + 10;
    }

    /** Its name in the checkpoint WebFlux makes for each filter on every request: a constant, not a formatted hash code. */
    @Override
    public String toString() {
        return "BearerAuthenticationFilter";
    }
}
