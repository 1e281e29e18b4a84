package io.sigillum.gateway.auth;

import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * A platform registered to call the CSC API: its client id, hashed secret, scopes, how its users authorize signatures,
 * and the redirect URIs the authorization page may send its users back to.
 */
public record PlatformClient(UUID id, String clientId, String name, String secretHash, Set<String> scopes, boolean enabled,
        AuthMode authMode, List<String> redirectUris) {

    public PlatformClient {
        scopes = Set.copyOf(scopes);
        redirectUris = List.copyOf(redirectUris);
    }

    @Override
    public String toString() {
        return "PlatformClient[" + clientId + "]";
    }
}
