package io.sigillum.gateway.sad;

import java.util.List;
import java.util.UUID;

/**
 * What a SAD allows: this platform may make {@code signatures} signatures with this credential over these hashes
 * (canonical base64), computed with this hash algorithm.
 */
public record SadGrant(UUID platformId, String credentialId, String hashAlgorithmOid, int signatures, List<String> hashes) {

    public SadGrant {
        hashes = List.copyOf(hashes);
        if (signatures < 1 || hashes.isEmpty()) {
            throw new IllegalArgumentException("A SAD grants at least one signature over at least one hash");
        }
    }
}
