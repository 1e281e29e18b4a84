package io.sigillum.gateway.csc;

import io.sigillum.gateway.audit.AuditEntry;
import io.sigillum.gateway.audit.AuditLog;
import io.sigillum.gateway.auth.AuthMode;
import io.sigillum.gateway.auth.PlatformPrincipal;
import io.sigillum.gateway.credential.CodeTexts;
import io.sigillum.gateway.credential.Credential;
import io.sigillum.gateway.credential.CredentialChanges;
import io.sigillum.gateway.credential.CredentialRepository;
import io.sigillum.gateway.credential.CredentialStatus;
import io.sigillum.gateway.csc.wire.AuthorizeRequest;
import io.sigillum.gateway.csc.wire.CredentialId;
import io.sigillum.gateway.csc.wire.CscErrors;
import io.sigillum.gateway.csc.wire.ExtendRequest;
import io.sigillum.gateway.otp.OtpChallenges;
import io.sigillum.gateway.otp.OtpProperties;
import io.sigillum.gateway.sad.IssuedSad;
import io.sigillum.gateway.sad.SadExtension;
import io.sigillum.gateway.sad.SadGrant;
import io.sigillum.gateway.sad.SadStore;
import io.sigillum.gateway.secret.SecretHasher;
import io.sigillum.gateway.web.ApiException;
import io.sigillum.signer.algorithm.DigestAlgorithm;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Credential authorization (SCAL2): sends the SMS code, and checks PIN + code before a grant over the hashes to sign is
 * made — a SAD for explicit mode, or the grant behind a credential token when the holder approves on the authorization
 * page. Wrong PINs are counted durably and lock the credential (one count for both ways in); every outcome past
 * identification is audited.
 */
@Service
public class CredentialAuthorization {

    private final CredentialRepository credentials;
    private final OtpChallenges otp;
    private final SecretHasher hasher;
    private final SadStore sads;
    private final AuditLog audit;
    private final CscProperties properties;
    private final OtpProperties otpProperties;
    private final CodeTexts codeTexts;
    private final Clock clock;
    private final CredentialChanges changes;

    CredentialAuthorization(CredentialRepository credentials, OtpChallenges otp, SecretHasher hasher, SadStore sads,
            AuditLog audit, CscProperties properties, OtpProperties otpProperties, CodeTexts codeTexts, Clock clock,
            CredentialChanges changes) {
        this.clock = clock;
        this.changes = changes;
        this.codeTexts = codeTexts;
        this.credentials = credentials;
        this.otp = otp;
        this.hasher = hasher;
        this.sads = sads;
        this.audit = audit;
        this.properties = properties;
        this.otpProperties = otpProperties;
    }

    Mono<Void> sendChallenge(PlatformPrincipal platform, CredentialId credentialId) {
        return explicitOnly(platform).then(usable(platform.platformId(), credentialId.value()))
                .flatMap(credential -> sendCode(credential, platform.clientId(), platform.clientId(), credential.language()));
    }

    /**
     * Sends the holder a new SMS code for authorizing signatures for one platform, named in the text, in
     * {@code language}; the code is good for {@code audience} only: that platform's calls, or one authorization page of
     * it (cooldown and rate limits apply, per credential).
     */
    public Mono<Void> sendCode(Credential credential, String audience, String platformName, Locale language) {
        return otp.send(subject(credential), audience, credential.phone(),
                code -> codeTexts.signing(language, code, otpProperties.ttl(), platformName));
    }

    Mono<IssuedSad> authorize(PlatformPrincipal platform, AuthorizeRequest request) {
        return explicitOnly(platform).then(linkedOrUnknown(platform.platformId(), request.credentialId().value()))
                .flatMap(credential -> UsableCredential.checkAudited(credential, clock.instant(), audit, platform.clientId(),
                        "authorize"))
                .flatMap(credential -> {
                    if (request.numSignatures() > credential.multisign()) {
                        return Mono.error(CscErrors.invalidRequest("Numbers of signatures is too high (multisign is "
                                + credential.multisign() + ")"));
                    }
                    SadGrant grant = new SadGrant(platform.platformId(), credential.id(), request.hashAlgorithm().oid(),
                            request.numSignatures(), request.hashes().canonical());
                    return checkHolder(platform.clientId(), platform.clientId(), credential, grant, request.pin(), request.otp())
                            .flatMap(check -> check instanceof HolderCheck.Verified
                                    ? grant(platform.clientId(), credential, grant, "OK")
                                    : Mono.error(explicitError(check)));
                });
    }

    /**
     * Checks the holder's SMS code (sent for {@code audience}: {@link #sendCode}), then PIN, for a grant; denials are
     * audited (with the platform, the credential and the hashes they were for) and, for the PIN, counted towards the lock.
     */
    public Mono<HolderCheck> checkHolder(String platformClientId, String audience, Credential credential, SadGrant grant,
            String pin, String code) {
        return otp.verify(subject(credential), audience, code).flatMap(verdict -> switch (verdict) {
            case ACCEPTED -> checkPin(platformClientId, credential, grant, pin);
            case WRONG -> otp.attemptsLeft(subject(credential)).flatMap(left ->
                    deny(platformClientId, credential, grant, "DENIED otp", new HolderCheck.WrongCode(left)));
            case BURNED -> deny(platformClientId, credential, grant, "DENIED otp burned", new HolderCheck.NoValidCode(true));
            case NONE -> deny(platformClientId, credential, grant, "DENIED otp none", new HolderCheck.NoValidCode(false));
        });
    }

    /**
     * Stores a verified grant and audits it; the SAD (or, for a credential token, its id) is handed out from here, and
     * only if the credential can still sign once the grant is stored ({@link #stillUsable}).
     */
    public Mono<IssuedSad> grant(String platformClientId, Credential credential, SadGrant grant, String result) {
        return sads.create(grant)
                .flatMap(sad -> stillUsable(sad, grant.platformId(), credential.id())
                        // a refusal is audited; a store that did not answer is not a decision about the credential
                        .onErrorResume(ApiException.class, refused -> refused.status().is4xxClientError()
                                ? audit.record(entry(platformClientId, credential, sad.id(), grant, "DENIED status changed"))
                                        .then(Mono.error(refused))
                                : Mono.error(refused)))
                .flatMap(sad -> audit.record(entry(platformClientId, credential, sad.id(), grant, result)).thenReturn(sad));
    }

    /**
     * The credential's status read again once a new grant is stored, the grant withdrawn and refused if it may no longer
     * sign. A suspension or revocation withdraws the credential's grants after its change commits; an authorization that
     * had checked the status before that change, and stores its grant after that withdrawal, would otherwise leave a grant
     * that signs once the certificate is released. Read after the grant is stored, the status is either the changed one
     * (refused here) or was read before the change committed, and then the grant was stored before the withdrawal.
     */
    private Mono<IssuedSad> stillUsable(IssuedSad sad, UUID platformId, String credentialId) {
        return usable(platformId, credentialId).thenReturn(sad)
                .onErrorResume(refused -> sads.withdraw(sad.id()).onErrorResume(failure -> Mono.just(false))
                        .then(Mono.error(refused)));
    }

    /**
     * extendTransaction: the old SAD replaced by a new one with a fresh lifetime — over the same grant, or over those of
     * its hashes given (each one the holder authorized, no more than the signatures left). Both outcomes are audited.
     */
    Mono<IssuedSad> extend(PlatformPrincipal platform, ExtendRequest request) {
        String sad = request.sad().value();
        Optional<SadExtension.NewHashes> newHashes = request.hashes().map(hashes -> new SadExtension.NewHashes(
                hashes.canonical(), request.hashAlgorithm().map(DigestAlgorithm::oid)));
        return usable(platform.platformId(), request.credentialId().value())
                .flatMap(credential -> sads.extend(sad, platform.platformId(), credential.id(), newHashes)
                        .flatMap(extension -> switch (extension) {
                            case SadExtension.Extended extended -> delivered(extended, stillUsable(extended.sad(),
                                    platform.platformId(), credential.id()).then(audit.record(new AuditEntry("extendTransaction",
                                    platform.clientId(), credential.id(), credential.userId(), extended.sad().id(),
                                    extended.grant().hashAlgorithmOid(), newHashes.isPresent() ? extended.grant().hashes()
                                            : List.of(), "OK replaces " + SadStore.idOf(sad)))).thenReturn(extended.sad()));
                            case SadExtension.Refused refused -> audit.record(new AuditEntry("extendTransaction",
                                    platform.clientId(), credential.id(), credential.userId(), SadStore.idOf(sad), "",
                                    newHashes.map(SadExtension.NewHashes::hashes).orElse(List.of()),
                                    "REFUSED " + refused.reason())).then(Mono.error(CscErrors.invalidRequest(refused.detail())));
                        }));
    }

    /**
     * The new SAD of an extension, once what must come before its answer is done; if that fails or the caller goes away
     * first, the extension is undone: the old SAD signs as before, rather than neither.
     */
    private Mono<IssuedSad> delivered(SadExtension.Extended extended, Mono<IssuedSad> answer) {
        AtomicBoolean done = new AtomicBoolean();
        return answer.doOnSuccess(sad -> done.set(true))
                .doOnError(failure -> sads.undo(extended))
                .doOnCancel(() -> {
                    if (!done.get()) {
                        sads.undo(extended);
                    }
                });
    }

    /** The credentials of any of these users that this platform may use, whatever their state. */
    public Flux<Credential> heldBy(UUID platformId, List<String> userIds) {
        return Flux.fromIterable(userIds).distinct().concatMap(userId -> credentials.findByUserForPlatform(userId, platformId));
    }

    /** The credential if this platform may use it, whatever its state; unknown and foreign are both empty. */
    public Mono<Credential> linked(UUID platformId, String credentialId) {
        return credentials.findLinked(credentialId, platformId);
    }

    /** The credential if this platform may use it and it can sign now; unknown and foreign look the same. */
    public Mono<Credential> usable(UUID platformId, String credentialId) {
        return linkedOrUnknown(platformId, credentialId).flatMap(credential -> UsableCredential.check(credential, clock.instant()));
    }

    /** The credential if this platform may use it, whatever its state; unknown and foreign are both the same CSC error. */
    private Mono<Credential> linkedOrUnknown(UUID platformId, String credentialId) {
        return credentials.findLinked(credentialId, platformId).switchIfEmpty(Mono.error(CscErrors::unknownCredential));
    }

    /** A platform in oauth2code mode never handles PINs or SMS codes: its users authorize on the gateway's own page. */
    private static Mono<Void> explicitOnly(PlatformPrincipal platform) {
        return platform.authMode() == AuthMode.EXPLICIT ? Mono.empty()
                : Mono.error(CscErrors.invalidRequest("This platform authorizes credentials with the OAuth2 authorization code "
                        + "flow (auth.mode oauth2code): the user enters PIN and SMS code on the QTSP's page, not through the platform"));
    }

    private Mono<HolderCheck> checkPin(String platformClientId, Credential credential, SadGrant grant, String pin) {
        if (credential.pinHash().isEmpty()) {
            return Mono.error(CscErrors.disabled());
        }
        return hasher.verify(pin, credential.pinHash().get()).flatMap(right -> {
            if (right) {
                return credentials.resetPinFailures(credential.id()).thenReturn(new HolderCheck.Verified());
            }
            return credentials.recordPinFailure(credential.id(), properties.pinLockAfter()).flatMap(failure ->
                    failure.status() == CredentialStatus.LOCKED
                            // what was authorized before the lock must not sign on any instance's cached credential
                            ? changes.changed(credential.id()).then(deny(platformClientId, credential, grant,
                                    "DENIED pin; credential locked", new HolderCheck.Locked()))
                            : deny(platformClientId, credential, grant, "DENIED pin",
                                    new HolderCheck.WrongPin(properties.pinLockAfter() - failure.attempts())));
        });
    }

    private static RuntimeException explicitError(HolderCheck check) {
        return switch (check) {
            case HolderCheck.WrongCode wrong -> CscErrors.invalidOtp("The OTP is invalid");
            case HolderCheck.NoValidCode none -> CscErrors.invalidOtp(none.burned()
                    ? "The OTP is invalid; too many attempts, request a new code"
                    : "The OTP is invalid or expired; request a new code");
            case HolderCheck.WrongPin wrong -> CscErrors.invalidRequest("The PIN is invalid (" + wrong.attemptsLeft()
                    + " attempt(s) left before the credential locks); the OTP was used up: request a new one");
            case HolderCheck.Locked locked -> CscErrors.locked();
            case HolderCheck.Verified verified -> new IllegalStateException("verified is not an error");
        };
    }

    private Mono<HolderCheck> deny(String platformClientId, Credential credential, SadGrant grant, String result,
            HolderCheck check) {
        return audit.record(entry(platformClientId, credential, "", grant, result)).thenReturn(check);
    }

    private static AuditEntry entry(String platformClientId, Credential credential, String sadId, SadGrant grant, String result) {
        return new AuditEntry("authorize", platformClientId, credential.id(), credential.userId(), sadId,
                grant.hashAlgorithmOid(), grant.hashes(), result);
    }

    /** The one-time-code subject of a credential (codes, cooldown and limits are kept per subject). */
    public static String subject(Credential credential) {
        return "credential:" + credential.id();
    }
}
