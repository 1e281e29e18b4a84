package io.sigillum.gateway.csc;

import io.sigillum.gateway.admission.AdmissionProperties;
import io.sigillum.gateway.admission.RequestDeadline;
import io.sigillum.gateway.audit.AuditEntry;
import io.sigillum.gateway.audit.AuditLog;
import io.sigillum.gateway.auth.PlatformPrincipal;
import io.sigillum.gateway.credential.Credential;
import io.sigillum.gateway.credential.CredentialCache;
import io.sigillum.gateway.csc.wire.CscErrors;
import io.sigillum.gateway.csc.wire.SignHashRequest;
import io.sigillum.gateway.sad.SadConsumption;
import io.sigillum.gateway.sad.SadStore;
import io.sigillum.gateway.web.ApiException;
import io.sigillum.signer.pool.ReactiveSigner;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;

/**
 * signHash, the hot path: credential (cache, visible only through a platform it is linked to) → still in time and the
 * audit committing? → SAD spent atomically in Redis → every hash signed on the pool → the audit record committed → only
 * then the signatures are released.
 */
@Service
class HashSigning {

    private final CredentialCache credentials;
    private final SignatureActivation activation;
    private final SadStore sads;
    private final ReactiveSigner signer;
    private final AuditLog audit;
    private final AdmissionProperties admission;
    private final Clock clock;

    HashSigning(CredentialCache credentials, SignatureActivation activation, SadStore sads, ReactiveSigner signer, AuditLog audit,
            AdmissionProperties admission, Clock clock) {
        this.clock = clock;
        this.credentials = credentials;
        this.activation = activation;
        this.sads = sads;
        this.signer = signer;
        this.audit = audit;
        this.admission = admission;
    }

    Mono<List<String>> sign(PlatformPrincipal platform, SignHashRequest request) {
        return credentials.getLinked(platform.platformId(), request.credentialId().value())
                .switchIfEmpty(Mono.error(CscErrors.unknownCredential()))
                .flatMap(credential -> UsableCredential.check(credential, clock.instant()))
                .flatMap(credential -> credential.keyAlgorithm().keyType() == request.scheme().keyType()
                        ? activation.grantId(platform, request.credentialId(), request.sad())
                                .flatMap(grantId -> spendAndSign(platform, credential, grantId, request))
                        : Mono.error(CscErrors.invalidRequest("Invalid parameter signAlgo: the credential's key is "
                                + credential.keyAlgorithm().keyType())));
    }

    private Mono<List<String>> spendAndSign(PlatformPrincipal platform, Credential credential, String grantId,
            SignHashRequest request) {
        String hashAlgorithm = request.scheme().digest().oid();
        return Mono.defer(() -> audit.accepting() && sads.accepting() ? Mono.<Void>empty() : Mono.error(ApiException.unavailable(
                        "A store (the audit log or the SAD store) is not answering; nothing was signed", admission.retryAfter())))
                .then(RequestDeadline.commit(admission.signingReserve(), admission.retryAfter()))
                .then(sads.consume(grantId, platform.platformId(), credential.id(), hashAlgorithm,
                        request.hashes().canonical()))
                .flatMap(consumption -> switch (consumption) {
                    case SadConsumption.Refused refused -> audit.record(entry(platform, credential, refused.sadId(), request,
                                    "REFUSED " + refused.reason()))
                            .then(Mono.error(CscErrors.invalidRequest(refused.detail())));
                    case SadConsumption.Granted granted -> seenThrough(signAndAudit(platform, credential, request, granted));
                });
    }

    private Mono<List<String>> signAndAudit(PlatformPrincipal platform, Credential credential, SignHashRequest request,
            SadConsumption.Granted granted) {
        return signer.signAll(credential.key(), request.scheme(), request.hashes().digests())
                .onErrorResume(failure -> audit.record(entry(platform, credential, granted.sadId(), request,
                        "FAILED " + failure.getClass().getSimpleName())).then(Mono.error(failure)))
                .flatMap(signatures -> audit.record(entry(platform, credential, granted.sadId(), request, "OK"))
                        .thenReturn(signatures.stream().map(Base64.getEncoder()::encodeToString).toList()));
    }

    /**
     * Once a SAD is spent, the signing and its audit record run to the end even if the caller goes away or the edge
     * gives up on it: what was spent is then accounted for in the audit log rather than lost without a trace.
     */
    private static <T> Mono<T> seenThrough(Mono<T> work) {
        return Mono.fromFuture(work.toFuture(), true);
    }

    private static AuditEntry entry(PlatformPrincipal platform, Credential credential, String sadId, SignHashRequest request,
            String result) {
        return new AuditEntry("signHash", platform.clientId(), credential.id(), credential.userId(), sadId,
                request.scheme().algorithm().oid() + "/" + request.scheme().digest().oid(), request.hashes().canonical(), result);
    }
}
