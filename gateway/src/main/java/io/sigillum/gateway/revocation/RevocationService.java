package io.sigillum.gateway.revocation;

import io.sigillum.gateway.account.AccountService;
import io.sigillum.gateway.account.CurrentAccount;
import io.sigillum.gateway.account.Role;
import io.sigillum.gateway.audit.AuditEntry;
import io.sigillum.gateway.audit.AuditLog;
import io.sigillum.gateway.ca.CertificateRegistry;
import io.sigillum.gateway.ca.CertificateState;
import io.sigillum.gateway.credential.CodeTexts;
import io.sigillum.gateway.credential.Credential;
import io.sigillum.gateway.credential.CredentialRepository;
import io.sigillum.gateway.credential.CredentialStatus;
import io.sigillum.gateway.csc.CscProperties;
import io.sigillum.gateway.notify.NoticeTexts;
import io.sigillum.gateway.notify.Notification;
import io.sigillum.gateway.notify.NotificationOutbox;
import io.sigillum.gateway.otp.OtpChallenges;
import io.sigillum.gateway.otp.OtpProperties;
import io.sigillum.gateway.sad.SadStore;
import io.sigillum.gateway.secret.SecretHasher;
import io.sigillum.gateway.web.ApiException;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Revokes, suspends and releases credentials' certificates: an operator of the organisation that issued the credential
 * (any other operator is told "not found"), or the holder signed in as the applicant it was issued to, with PIN and an
 * SMS code of its own purpose. Each change is one conditional update of {@code certificate_status} together with the
 * holder's notification (an SMS in the language the holder chose when applying); then every instance drops the
 * credential from its cache and its reused OCSP answers ({@link RevocationBroadcast}), the change is audited and a new
 * CRL is published.
 */
@Service
class RevocationService {

    private static final Logger log = LoggerFactory.getLogger(RevocationService.class);

    /** The audience of a revocation code: the holder, who asks for it and gives it back on their own page. */
    private static final String HOLDER = "holder";

    private final CredentialRepository credentials;
    private final CertificateRegistry registry;
    private final RevocationBroadcast broadcast;
    private final CrlPublishers crls;
    private final AuditLog audit;
    private final NotificationOutbox outbox;
    private final OtpChallenges otp;
    private final OtpProperties otpProperties;
    private final CodeTexts codeTexts;
    private final NoticeTexts notices;
    private final SecretHasher hasher;
    private final CscProperties csc;
    private final TransactionalOperator tx;
    private final Clock clock;
    private final SadStore sads;
    private final AccountService accounts;
    private final ObjectProvider<RevocationListener> listeners;

    RevocationService(CredentialRepository credentials, CertificateRegistry registry, RevocationBroadcast broadcast,
            CrlPublishers crls, AuditLog audit, NotificationOutbox outbox, OtpChallenges otp, OtpProperties otpProperties,
            SecretHasher hasher, CscProperties csc, TransactionalOperator tx, Clock clock, SadStore sads, CodeTexts codeTexts,
            NoticeTexts notices, AccountService accounts, ObjectProvider<RevocationListener> listeners) {
        this.credentials = credentials;
        this.listeners = listeners;
        this.accounts = accounts;
        this.codeTexts = codeTexts;
        this.notices = notices;
        this.registry = registry;
        this.broadcast = broadcast;
        this.crls = crls;
        this.audit = audit;
        this.outbox = outbox;
        this.otp = otp;
        this.otpProperties = otpProperties;
        this.hasher = hasher;
        this.csc = csc;
        this.tx = tx;
        this.clock = clock;
        this.sads = sads;
    }

    Mono<Map<String, Object>> revokeByOperator(CurrentAccount operator, String credentialId, RevocationReason reason) {
        operator.require(Role.OPERATOR);
        return issuedBy(operator, credentialId).flatMap(credential -> revoke(credential, reason, "operator:" + operator.id(),
                operator.id()));
    }

    Mono<Map<String, Object>> suspend(CurrentAccount operator, String credentialId) {
        operator.require(Role.OPERATOR);
        return issuedBy(operator, credentialId).flatMap(credential -> stateOf(credential).flatMap(state -> {
            Instant now = clock.instant();
            String notice = notices.in(credential.language(), "certificate.suspended", serialOf(credential));
            return withdrawingGrants(credential, change(credential, registry.suspend(state.serial(), now),
                    Notification.Kind.CERTIFICATE_SUSPENDED, notice, "suspend", "operator:" + operator.id(), "certificateHold",
                    "not_good", "The certificate is not good"));
        }));
    }

    Mono<Map<String, Object>> release(CurrentAccount operator, String credentialId) {
        operator.require(Role.OPERATOR);
        return issuedBy(operator, credentialId).flatMap(credential -> stateOf(credential).flatMap(state ->
                change(credential, registry.release(state.serial()), Notification.Kind.CERTIFICATE_RELEASED,
                        notices.in(credential.language(), "certificate.released", serialOf(credential)), "release",
                        "operator:" + operator.id(), "", "not_suspended", "The certificate is not suspended")));
    }

    /** Sends the holder an SMS code for revoking this credential's certificate (cooldown and limits as for signing). */
    Mono<Void> sendHolderCode(CurrentAccount holder, String credentialId) {
        // a certificate already revoked needs no code: no SMS is sent (nor counted against the phone's limits)
        // nor for a locked credential, whose PIN is checked no more
        return heldBy(holder, credentialId).flatMap(credential -> stateOf(credential).flatMap(state -> state.status()
                == CertificateState.Status.REVOKED ? Mono.error(alreadyRevoked())
                : credential.status() == CredentialStatus.LOCKED ? Mono.error(locked())
                : otp.send(subject(credential), HOLDER, credential.phone(),
                        code -> codeTexts.revocation(credential.language(), code, otpProperties.ttl()))));
    }

    Mono<Map<String, Object>> revokeByHolder(CurrentAccount holder, String credentialId, String pin, String code,
            RevocationReason reason) {
        if (!reason.holderMayGive()) {
            return Mono.error(ApiException.badRequest("A holder cannot revoke for " + reason.wireName()));
        }
        String actor = "holder:" + holder.id();
        // a certificate already revoked is told so (as its code's request is), not that no code is outstanding
        return heldBy(holder, credentialId).flatMap(credential -> stateOf(credential).flatMap(state -> state.status()
                == CertificateState.Status.REVOKED ? Mono.error(alreadyRevoked())
                : checkHolder(credential, actor, pin, code).then(revoke(credential, reason, actor, holder.id()))));
    }

    private static ApiException alreadyRevoked() {
        return ApiException.conflict("already_revoked", "The certificate is already revoked", Map.of());
    }

    private Mono<Map<String, Object>> revoke(Credential credential, RevocationReason reason, String actor, UUID actorId) {
        return stateOf(credential).flatMap(state -> {
            Instant now = clock.instant();
            Mono<Boolean> revoked = registry.revoke(state.serial(), reason.code(), now).flatMap(changed -> changed
                    ? Flux.fromStream(listeners::orderedStream)
                            .concatMap(listener -> listener.revoked(credential.id(), Optional.of(actorId))).then(Mono.just(true))
                    : Mono.just(false));
            return withdrawingGrants(credential, change(credential, revoked,
                    Notification.Kind.CERTIFICATE_REVOKED, revokedNotice(credential, reason),
                    "revoke", actor, reason.wireName(), "already_revoked", "The certificate is already revoked"));
        });
    }

    /**
     * A suspension or revocation withdraws every grant the holder made for the credential, so that none of them signs
     * after a release: before the change (a Redis that cannot withdraw them refuses the change, which can be retried),
     * and once more after it, for a grant an authorization made meanwhile (it had checked the status before the change).
     */
    private Mono<Map<String, Object>> withdrawingGrants(Credential credential, Mono<Map<String, Object>> change) {
        return sads.withdrawAll(credential.id())
                .then(change)
                .flatMap(view -> sads.withdrawAll(credential.id())
                        .onErrorResume(failure -> {
                            log.warn("Grants of {} made while it changed were not withdrawn: {}", credential.id(), failure.toString());
                            return Mono.empty();
                        })
                        .thenReturn(view));
    }

    /**
     * The state change and the holder's notification in one transaction; then cache, OCSP, audit and CRL. The request
     * is audited before the change and its outcome after it, so a change whose outcome record a crash prevented is
     * still on record as requested (the register says whether it happened).
     */
    private Mono<Map<String, Object>> change(Credential credential, Mono<Boolean> update, Notification.Kind kind, String notice,
            String operation, String actor, String reason, String conflictCode, String conflict) {
        String what = (reason.isEmpty() ? "" : reason + " ") + "serial " + serialOf(credential);
        return audit.record(new AuditEntry(operation, actor, credential.id(), credential.userId(), "", "", List.of(),
                        "REQUESTED " + what))
                .then(update.flatMap(changed -> changed
                        ? outbox.add(Notification.sms(kind, credential.phone(), notice)).thenReturn(true)
                        : Mono.just(false))
                .as(tx::transactional))
                .flatMap(changed -> {
                    if (!changed) {
                        return audit.record(new AuditEntry(operation, actor, credential.id(), credential.userId(), "", "",
                                        List.of(), "REFUSED " + conflictCode))
                                .then(Mono.error(ApiException.conflict(conflictCode, conflict, Map.of())));
                    }
                    AuditEntry entry = new AuditEntry(operation, actor, credential.id(), credential.userId(), "", "", List.of(),
                            "OK " + what);
                    return broadcast.changed(credential.id()).then(audit.record(entry))
                            // a CRL made from now on: after the commit, so it reads the change (one made before it, by
                            // a change committed meanwhile, may not have; its thisUpdate can be later than this change's)
                            .then(Mono.defer(() -> crls.issuing().publish(clock.instant())).then().onErrorResume(failure -> {
                                // the change stands; the next scheduled check publishes the CRL
                                log.warn("CRL publication after {} of {} failed: {}", operation, credential.id(), failure.toString());
                                return Mono.empty();
                            }))
                            .then(registry.findByCredential(credential.id()))
                            .map(state -> view(credential, state));
                });
    }

    /**
     * The SMS code, then the PIN; each refusal is audited, and a wrong PIN counts towards the credential's lock. A locked
     * credential's PIN is not checked at all, here as on every signing path: the lock would otherwise leave one way to
     * go on guessing it.
     */
    private Mono<Void> checkHolder(Credential credential, String actor, String pin, String code) {
        if (credential.pinHash().isEmpty()) {
            return Mono.error(ApiException.conflict("no_pin", "The credential has no PIN yet; ask the QTSP's operator", Map.of()));
        }
        if (credential.status() == CredentialStatus.LOCKED) {
            return audit.record(new AuditEntry("revoke", actor, credential.id(), credential.userId(), "", "", List.of(),
                    "DENIED credential locked")).then(Mono.error(locked()));
        }
        return otp.verify(subject(credential), HOLDER, code).flatMap(verdict -> switch (verdict) {
            case ACCEPTED -> hasher.verify(pin, credential.pinHash().get()).flatMap(right -> right
                    ? credentials.resetPinFailures(credential.id())
                    : credentials.recordPinFailure(credential.id(), csc.pinLockAfter()).flatMap(failure -> deny(credential, actor,
                            "DENIED pin", "invalid_pin", failure.status() == CredentialStatus.LOCKED
                                    ? "The PIN is invalid; the credential is now locked"
                                    : "The PIN is invalid (" + (csc.pinLockAfter() - failure.attempts())
                                            + " attempt(s) left before the credential locks)")));
            case WRONG -> deny(credential, actor, "DENIED otp", "invalid_otp", "The SMS code is invalid");
            case BURNED -> deny(credential, actor, "DENIED otp burned", "invalid_otp",
                    "The SMS code is invalid; too many attempts, request a new code");
            case NONE -> deny(credential, actor, "DENIED otp none", "invalid_otp", "No SMS code is outstanding; request a new code");
        });
    }

    private static ApiException locked() {
        return ApiException.conflict("credential_locked", "The credential is locked after too many wrong PINs, so its PIN is "
                + "not checked; the QTSP's operator can unlock it, or revoke its certificate for you", Map.of());
    }

    private Mono<Void> deny(Credential credential, String actor, String result, String code, String detail) {
        return audit.record(new AuditEntry("revoke", actor, credential.id(), credential.userId(), "", "", List.of(), result))
                .then(Mono.error(new ApiException(HttpStatus.FORBIDDEN, code, detail)));
    }

    /** The credential if the operator's organisation issued it; any other is "not found", as for unlock. */
    private Mono<Credential> issuedBy(CurrentAccount operator, String credentialId) {
        return credentials.findIssuedBy(credentialId, operator.organisation())
                .switchIfEmpty(Mono.error(() -> ApiException.notFound("No such credential")));
    }

    /**
     * The credential if this applicant holds it: issued to the account (held under its id), or held under the CSC
     * userID the account was given when its credentials were provisioned outside issuance (as on the OAuth2 page);
     * another holder's is "not found".
     */
    private Mono<Credential> heldBy(CurrentAccount holder, String credentialId) {
        holder.require(Role.APPLICANT);
        return accounts.cscUserId(holder.id())
                .flatMap(userId -> credentials.findById(credentialId).filter(credential -> credential.userId().equals(userId)
                        || credential.userId().equals(holder.id().toString())))
                .switchIfEmpty(Mono.error(() -> ApiException.notFound("No such certificate")));
    }

    private Mono<CertificateState> stateOf(Credential credential) {
        return registry.findByCredential(credential.id())
                .switchIfEmpty(Mono.error(() -> ApiException.conflict("no_certificate", "The credential has no certificate", Map.of())));
    }

    private static Map<String, Object> view(Credential credential, CertificateState state) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("credentialID", credential.id());
        view.put("certificateSerial", state.serial().toString(16));
        view.put("status", state.status().name());
        state.reason().ifPresent(reason -> view.put("reason", RevocationReason.nameOf(reason)));
        state.revokedAt().ifPresent(at -> view.put("revokedAt", at.toString()));
        return view;
    }

    /** The holder's SMS about a revocation, in the holder's language, the reason in words. */
    private String revokedNotice(Credential credential, RevocationReason reason) {
        Locale language = credential.language();
        return notices.in(language, "certificate.revoked", serialOf(credential),
                notices.in(language, "revocationReason." + reason.wireName()));
    }

    private static String serialOf(Credential credential) {
        return credential.certificate().map(ee -> ee.getSerialNumber().toString(16)).orElse("");
    }

    /** Codes for revocation are their own subject: a code sent to authorize a signature cannot revoke, and back. */
    private static String subject(Credential credential) {
        return "revoke:credential:" + credential.id();
    }
}
