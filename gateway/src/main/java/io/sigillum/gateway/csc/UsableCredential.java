package io.sigillum.gateway.csc;

import io.sigillum.gateway.audit.AuditEntry;
import io.sigillum.gateway.audit.AuditLog;
import io.sigillum.gateway.credential.Credential;
import io.sigillum.gateway.credential.CredentialStatus;
import io.sigillum.gateway.csc.wire.CscErrors;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import reactor.core.publisher.Mono;

/**
 * The one rule for whether a credential may take part in signing now: ACTIVE (so neither revoked nor suspended), with a
 * certificate inside its validity: not expired, and not starting later (an applicant may choose a later start: RFC 5280
 * §4.1.2.5, a signature made before notBefore never validates).
 */
final class UsableCredential {

    private UsableCredential() {
    }

    /** Whether {@link #check} would let the credential sign now, and it has a certificate: what onlyValid lists. */
    static boolean usable(Credential credential, Instant now) {
        return credential.status() == CredentialStatus.ACTIVE
                && credential.certificate().map(ee -> outsideValidity(ee, now).isEmpty()).orElse(false);
    }

    /**
     * As {@link #check}, and a refusal is first written to the audit log, as {@code operation} asked by
     * {@code platformClientId}: a try to sign with a revoked, suspended, locked or expired credential is on record.
     */
    static Mono<Credential> checkAudited(Credential credential, Instant now, AuditLog audit, String platformClientId,
            String operation) {
        return check(credential, now).onErrorResume(refused -> audit.record(new AuditEntry(operation, platformClientId,
                        credential.id(), credential.userId(), "", "", List.of(), "REFUSED " + refusal(credential, now)))
                .then(Mono.error(refused)));
    }

    /** Why {@link #check} refuses the credential, as the audit log says it. */
    private static String refusal(Credential credential, Instant now) {
        return credential.status() != CredentialStatus.ACTIVE ? "credential " + credential.status()
                : credential.certificate().filter(ee -> ee.getNotAfter().toInstant().isBefore(now)).isPresent()
                        ? "certificate expired" : "certificate not yet valid";
    }

    static Mono<Credential> check(Credential credential, Instant now) {
        return switch (credential.status()) {
            case ACTIVE -> credential.certificate().flatMap(ee -> outsideValidity(ee, now))
                    .<Mono<Credential>>map(why -> Mono.error(CscErrors.invalidRequest(why)))
                    .orElseGet(() -> Mono.just(credential));
            case LOCKED -> Mono.error(CscErrors.locked());
            case REVOKED -> Mono.error(CscErrors.invalidRequest("The signing certificate is revoked"));
            case SUSPENDED -> Mono.error(CscErrors.invalidRequest("The signing certificate is suspended"));
            case DISABLED, PENDING -> Mono.error(CscErrors.disabled());
        };
    }

    /** Why the certificate cannot sign at {@code now}, if it cannot. */
    static Optional<String> outsideValidity(X509Certificate ee, Instant now) {
        if (ee.getNotAfter().toInstant().isBefore(now)) {
            return Optional.of("Signing certificate is expired");
        }
        if (ee.getNotBefore().toInstant().isAfter(now)) {
            return Optional.of("Signing certificate is not yet valid (valid from " + ee.getNotBefore().toInstant() + ")");
        }
        return Optional.empty();
    }
}
