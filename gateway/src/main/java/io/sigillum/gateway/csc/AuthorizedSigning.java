package io.sigillum.gateway.csc;

import io.sigillum.gateway.admission.AdmissionProperties;
import io.sigillum.gateway.admission.RequestDeadline;
import io.sigillum.gateway.audit.AuditEntry;
import io.sigillum.gateway.audit.AuditLog;
import io.sigillum.gateway.auth.PlatformPrincipal;
import io.sigillum.gateway.credential.Credential;
import io.sigillum.gateway.credential.CredentialCache;
import io.sigillum.gateway.csc.wire.CredentialId;
import io.sigillum.gateway.csc.wire.CscErrors;
import io.sigillum.gateway.csc.wire.Sad;
import io.sigillum.gateway.sad.SadConsumption;
import io.sigillum.gateway.sad.SadStore;
import io.sigillum.gateway.web.ApiException;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;

/**
 * The one signing pipeline every CSC signing method goes through (signHash, signDoc): the credential, visible only
 * through a platform it is linked to and usable now → what authorizes the call (a SAD, or a credential token:
 * {@link SignatureActivation}) → the stores accepting and the request still in time → the grant spent atomically over
 * exactly the hashes it was given for → the signing work → its audit record committed → only then the result released.
 */
@Service
public class AuthorizedSigning {

    private final CredentialCache credentials;
    private final SignatureActivation activation;
    private final SadStore sads;
    private final AuditLog audit;
    private final AdmissionProperties admission;
    private final Clock clock;

    AuthorizedSigning(CredentialCache credentials, SignatureActivation activation, SadStore sads, AuditLog audit,
            AdmissionProperties admission, Clock clock) {
        this.credentials = credentials;
        this.activation = activation;
        this.sads = sads;
        this.audit = audit;
        this.admission = admission;
        this.clock = clock;
    }

    /**
     * The credential, if the platform is linked to it (for a user-bound token, one of its user's) and it may sign now; the
     * CSC error otherwise, the refusal of a credential the platform may use audited as {@code operation}. Another user's
     * credential is unknown to a user-bound token, as in {@code credentials/info}: not even its state is told.
     */
    public Mono<Credential> usableCredential(PlatformPrincipal platform, CredentialId credentialId, String operation) {
        return credentials.getLinked(platform.platformId(), credentialId.value())
                .filter(credential -> platform.userId().map(credential.userId()::equals).orElse(true))
                .switchIfEmpty(Mono.error(CscErrors::unknownCredential))
                .flatMap(credential -> UsableCredential.checkAudited(credential, clock.instant(), audit, platform.clientId(),
                        operation));
    }

    /**
     * Spends the grant of {@code sad} (or of the platform's credential token when there is none) over
     * {@code spending.hashes()} (one signature each), then runs {@code signing} and audits it; the result is released
     * only once its audit record is committed. A refused grant is audited and nothing is signed; a grant whose signing or
     * audit record fails is given back, since nothing was released.
     */
    public <T> Mono<T> spendAndSign(PlatformPrincipal platform, Credential credential, Optional<Sad> sad, Spending spending,
            Supplier<Mono<T>> signing) {
        return activation.grantId(platform, new CredentialId(credential.id()), sad)
                .flatMap(grantId -> spend(platform, credential, grantId, spending, signing));
    }

    private <T> Mono<T> spend(PlatformPrincipal platform, Credential credential, String grantId, Spending spending,
            Supplier<Mono<T>> signing) {
        return Mono.defer(audit::accepting).flatMap(audited -> audited ? sads.accepting() : Mono.just(false))
                .flatMap(accepting -> accepting ? Mono.<Void>empty() : Mono.error(ApiException.unavailable(
                        "A store (the audit log or the SAD store) is not answering; nothing was signed", admission.retryAfter())))
                .then(RequestDeadline.commit(admission.signingReserve(), admission.retryAfter()))
                .then(sads.consume(grantId, platform.platformId(), credential.id(), spending.hashAlgorithmOid(),
                        spending.signAlgorithmOid(), spending.hashes()))
                .flatMap(consumption -> switch (consumption) {
                    case SadConsumption.Refused refused -> audit.record(entry(platform, credential, refused.sadId(), spending,
                                    "REFUSED " + refused.reason()))
                            .then(Mono.error(CscErrors.invalidRequest(refused.detail())));
                    case SadConsumption.Granted granted -> seenThrough(signAndAudit(platform, credential, granted, spending,
                            signing));
                });
    }

    private <T> Mono<T> signAndAudit(PlatformPrincipal platform, Credential credential, SadConsumption.Granted granted,
            Spending spending, Supplier<Mono<T>> signing) {
        return Mono.defer(signing)
                .onErrorResume(failure -> audit.record(entry(platform, credential, granted.sadId(), spending,
                        "FAILED " + failure.getClass().getSimpleName())).then(Mono.error(failure)))
                .flatMap(result -> audit.record(entry(platform, credential, granted.sadId(), spending, "OK"))
                        .thenReturn(result))
                // nothing was released: the grant keeps the signatures this call spent
                .doOnError(failure -> sads.giveBack(granted));
    }

    /**
     * Once a SAD is spent, the signing and its audit record run to the end even if the caller goes away or the edge
     * gives up on it: what was spent is then accounted for in the audit log rather than lost without a trace.
     */
    private static <T> Mono<T> seenThrough(Mono<T> work) {
        return Mono.fromFuture(work.toFuture(), true);
    }

    private static AuditEntry entry(PlatformPrincipal platform, Credential credential, String sadId, Spending spending,
            String result) {
        return new AuditEntry(spending.operation(), platform.clientId(), credential.id(), credential.userId(), sadId,
                spending.algorithm(), spending.hashes(), result);
    }

    /**
     * What one call spends and how it is audited.
     *
     * @param operation the audited operation ({@code signHash}, {@code signDoc})
     * @param algorithm the audited algorithm label
     * @param hashAlgorithmOid the hash algorithm the authorization was given for
     * @param signAlgorithmOid the signature algorithm the call signs with ('' when its signatures are not all of one)
     * @param hashes the authorized hashes (canonical Base64) the call spends, one signature each
     */
    public record Spending(String operation, String algorithm, String hashAlgorithmOid, String signAlgorithmOid,
            List<String> hashes) {

        public Spending {
            hashes = List.copyOf(hashes);
        }
    }
}
