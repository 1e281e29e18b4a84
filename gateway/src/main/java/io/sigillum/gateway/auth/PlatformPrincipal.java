package io.sigillum.gateway.auth;

import io.sigillum.gateway.web.ApiException;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ServerWebExchange;

/**
 * The platform a request acts for, as proven by its access token.
 *
 * @param authMode how the platform's users authorize signatures (in the token, so no lookup per request)
 * @param userId the user the token was issued for, when the user signed in on the authorization page (a user-bound
 *        {@code service} token); empty for a platform's own client-credentials token
 * @param credential for a {@code credential} token: the credential and the SAD-equivalent grant it stands for
 */
public record PlatformPrincipal(UUID platformId, String clientId, Set<String> scopes, Instant expiresAt, AuthMode authMode,
        Optional<String> userId, Optional<CredentialGrant> credential) {

    static final String ATTRIBUTE = PlatformPrincipal.class.getName();

    /** What a credential token allows: spending the grant stored under {@code sadId} with {@code credentialId}. */
    public record CredentialGrant(String credentialId, String sadId) {
    }

    /** The authenticated platform of this exchange; the bearer filter has put it there or refused the request. */
    public static PlatformPrincipal of(ServerWebExchange exchange) {
        PlatformPrincipal principal = exchange.getAttribute(ATTRIBUTE);
        if (principal == null) {
            throw new ApiException(HttpStatus.UNAUTHORIZED, "invalid_token", "An access token is required");
        }
        return principal;
    }
}
