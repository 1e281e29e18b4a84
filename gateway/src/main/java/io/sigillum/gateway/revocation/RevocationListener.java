package io.sigillum.gateway.revocation;

import java.util.Optional;
import java.util.UUID;
import reactor.core.publisher.Mono;

/**
 * What another capability keeps of a certificate's life and must change when the certificate is revoked (the
 * application it was issued for ends), in the transaction that revokes it: the revocation and what follows from it
 * commit together or not at all.
 */
public interface RevocationListener {

    /**
     * @param credentialId the credential whose certificate was revoked
     * @param actor the account that revoked it (the holder or an operator)
     */
    Mono<Void> revoked(String credentialId, Optional<UUID> actor);
}
