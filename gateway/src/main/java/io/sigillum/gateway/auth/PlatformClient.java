package io.sigillum.gateway.auth;

import java.util.Set;
import java.util.UUID;

/** A platform registered to call the CSC API: its client id, hashed secret and scopes. */
public record PlatformClient(UUID id, String clientId, String name, String secretHash, Set<String> scopes, boolean enabled) {

    @Override
    public String toString() {
        return "PlatformClient[" + clientId + "]";
    }
}
