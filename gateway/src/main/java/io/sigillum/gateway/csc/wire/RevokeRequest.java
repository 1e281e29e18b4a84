package io.sigillum.gateway.csc.wire;

import java.util.Set;

/**
 * {@code auth/revoke}: the service access token or refresh token to revoke. A {@code token_type_hint} must be one of
 * the two kinds, but is only a hint: the token is found whichever kind it is (RFC 7009 §2.1, which the CSC method
 * follows).
 */
public record RevokeRequest(String token) {

    private static final Set<String> TOKEN_TYPE_HINTS = Set.of("access_token", "refresh_token");

    public static RevokeRequest read(CscRequest request) {
        String token = request.requiredString("token");
        request.optionalString("token_type_hint").filter(hint -> !TOKEN_TYPE_HINTS.contains(hint)).ifPresent(hint -> {
            throw CscErrors.invalidParameter("token_type_hint");
        });
        return new RevokeRequest(token);
    }

    /** Never the token itself: requests are described in logs and checkpoints. */
    @Override
    public String toString() {
        return "RevokeRequest[token=…]";
    }
}
