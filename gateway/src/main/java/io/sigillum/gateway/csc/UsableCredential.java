package io.sigillum.gateway.csc;

import io.sigillum.gateway.audit.AuditEntry;
import io.sigillum.gateway.audit.AuditLog;
import io.sigillum.gateway.credential.Credential;
import io.sigillum.gateway.credential.CredentialStatus;
import io.sigillum.gateway.csc.wire.CscErrors;
import io.sigillum.gateway.web.ApiException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
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

    /** The CSC error when the credential may not sign now; else the credential. */
    static Mono<Credential> check(Credential credential, Instant now) {
        return refusal(credential, now).<Mono<Credential>>map(refused -> Mono.error(refused.error().get()))
                .orElseGet(() -> Mono.just(credential));
    }

    /**
     * As {@link #check}, and a refusal is first written to the audit log, as {@code operation} asked by
     * {@code platformClientId}: a try to sign with a revoked, suspended, locked or expired credential is on record.
     */
    static Mono<Credential> checkAudited(Credential credential, Instant now, AuditLog audit, String platformClientId,
            String operation) {
        return refusal(credential, now).<Mono<Credential>>map(refused -> audit.record(new AuditEntry(operation,
                                platformClientId, credential.id(), credential.userId(), "", "", List.of(), "REFUSED " + refused.audited()))
                        .then(Mono.error(refused.error().get())))
                .orElseGet(() -> Mono.just(credential));
    }

    /** Why a credential may not sign now: the audit log's words and the CSC error the caller gets. */
    private record Refusal(String audited, Supplier<ApiException> error) {
    }

    private static Optional<Refusal> refusal(Credential credential, Instant now) {
        return switch (credential.status()) {
            case ACTIVE -> credential.certificate().flatMap(ee -> outsideValidity(ee, now).map(why -> new Refusal(
                    ee.getNotAfter().toInstant().isBefore(now) ? "certificate expired" : "certificate not yet valid",
                    () -> CscErrors.invalidRequest(why))));
            case LOCKED -> refused(credential, CscErrors::locked);
            case REVOKED -> refused(credential, () -> CscErrors.invalidRequest("The signing certificate is revoked"));
            case SUSPENDED -> refused(credential, () -> CscErrors.invalidRequest("The signing certificate is suspended"));
            case DISABLED, PENDING -> refused(credential, CscErrors::disabled);
        };
    }

    private static Optional<Refusal> refused(Credential credential, Supplier<ApiException> error) {
        return Optional.of(new Refusal("credential " + credential.status(), error));
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
