package io.sigillum.gateway.csc;

import io.sigillum.gateway.credential.Credential;
import io.sigillum.gateway.credential.CredentialStatus;
import io.sigillum.gateway.csc.wire.CscErrors;
import java.time.Instant;
import reactor.core.publisher.Mono;

/**
 * The one rule for whether a credential may take part in signing now: ACTIVE (so neither revoked nor suspended), with a
 * certificate that has not expired.
 */
final class UsableCredential {

    private UsableCredential() {
    }

    /** Whether {@link #check} would let the credential sign now, and it has a certificate: what onlyValid lists. */
    static boolean usable(Credential credential, Instant now) {
        return credential.status() == CredentialStatus.ACTIVE
                && credential.certificate().map(ee -> ee.getNotAfter().toInstant().isAfter(now)).orElse(false);
    }

    static Mono<Credential> check(Credential credential, Instant now) {
        return switch (credential.status()) {
            case ACTIVE -> credential.certificate().filter(ee -> ee.getNotAfter().toInstant().isBefore(now))
                    .<Mono<Credential>>map(expired -> Mono.error(CscErrors.invalidRequest("Signing certificate is expired")))
                    .orElseGet(() -> Mono.just(credential));
            case LOCKED -> Mono.error(CscErrors.locked());
            case REVOKED -> Mono.error(CscErrors.invalidRequest("The signing certificate is revoked"));
            case SUSPENDED -> Mono.error(CscErrors.invalidRequest("The signing certificate is suspended"));
            case DISABLED, PENDING -> Mono.error(CscErrors.disabled());
        };
    }
}
