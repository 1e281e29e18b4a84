package io.sigillum.gateway.sad;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * What a SAD allows: this platform may make {@code signatures} signatures with this credential over these hashes
 * (canonical base64), computed with this hash algorithm, and with this signature algorithm only when one is named (the
 * holder approved it, in a CSC 2.2 authorization detail's {@code signAlgo}).
 */
public record SadGrant(UUID platformId, String credentialId, String hashAlgorithmOid, int signatures, List<String> hashes,
        Optional<String> signAlgorithmOid) {

    public SadGrant {
        hashes = List.copyOf(hashes);
        if (signatures < 1 || hashes.isEmpty()) {
            throw new IllegalArgumentException("A SAD grants at least one signature over at least one hash");
        }
    }

    /** A grant that any signature algorithm of the credential's key may spend. */
    public SadGrant(UUID platformId, String credentialId, String hashAlgorithmOid, int signatures, List<String> hashes) {
        this(platformId, credentialId, hashAlgorithmOid, signatures, hashes, Optional.empty());
    }
}
