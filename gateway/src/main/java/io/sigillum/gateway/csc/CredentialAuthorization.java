package io.sigillum.gateway.csc;

import io.sigillum.gateway.audit.AuditEntry;
import io.sigillum.gateway.audit.AuditLog;
import io.sigillum.gateway.auth.PlatformPrincipal;
import io.sigillum.gateway.credential.Credential;
import io.sigillum.gateway.credential.CredentialRepository;
import io.sigillum.gateway.credential.CredentialStatus;
import io.sigillum.gateway.csc.wire.AuthorizeRequest;
import io.sigillum.gateway.csc.wire.CredentialId;
import io.sigillum.gateway.csc.wire.CscErrors;
import io.sigillum.gateway.csc.wire.ExtendRequest;
import io.sigillum.gateway.otp.OtpChallenges;
import io.sigillum.gateway.otp.OtpProperties;
import io.sigillum.gateway.sad.IssuedSad;
import io.sigillum.gateway.sad.SadGrant;
import io.sigillum.gateway.sad.SadStore;
import io.sigillum.gateway.secret.SecretHasher;
import java.time.Clock;
import java.util.List;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;

/**
 * Credential authorization (explicit mode, SCAL2): sends the SMS code, and turns PIN + code + the hashes to sign into a
 * SAD. Wrong PINs are counted durably and lock the credential; every outcome past identification is audited.
 */
@Service
class CredentialAuthorization {

    private final CredentialRepository credentials;
    private final OtpChallenges otp;
    private final SecretHasher hasher;
    private final SadStore sads;
    private final AuditLog audit;
    private final CscProperties properties;
    private final OtpProperties otpProperties;
    private final Clock clock;

    CredentialAuthorization(CredentialRepository credentials, OtpChallenges otp, SecretHasher hasher, SadStore sads,
            AuditLog audit, CscProperties properties, OtpProperties otpProperties, Clock clock) {
        this.clock = clock;
        this.credentials = credentials;
        this.otp = otp;
        this.hasher = hasher;
        this.sads = sads;
        this.audit = audit;
        this.properties = properties;
        this.otpProperties = otpProperties;
    }

    Mono<Void> sendChallenge(PlatformPrincipal platform, CredentialId credentialId) {
        return usableCredential(platform, credentialId)
                .flatMap(credential -> otp.send(subject(credential), credential.phone(), code ->
                        "Sigillum: " + code + " is your code to authorize signing with " + platform.clientId()
                                + ". It expires in " + otpProperties.ttl().toMinutes() + " minutes. Never share it."));
    }

    Mono<IssuedSad> authorize(PlatformPrincipal platform, AuthorizeRequest request) {
        return usableCredential(platform, request.credentialId())
                .flatMap(credential -> {
                    if (request.numSignatures() > credential.multisign()) {
                        return Mono.error(CscErrors.invalidRequest("Numbers of signatures is too high (multisign is "
                                + credential.multisign() + ")"));
                    }
                    return checkOtp(platform, credential, request)
                            .then(checkPin(platform, credential, request))
                            .then(sads.create(new SadGrant(platform.platformId(), credential.id(), request.hashAlgorithm().oid(),
                                    request.numSignatures(), request.hashes().canonical())))
                            .flatMap(sad -> audit.record(entry(platform, credential, sad.id(), request, "OK")).thenReturn(sad));
                });
    }

    Mono<IssuedSad> extend(PlatformPrincipal platform, ExtendRequest request) {
        String sad = request.sad().value();
        return usableCredential(platform, request.credentialId())
                .flatMap(credential -> sads.extend(sad, platform.platformId(), credential.id())
                        .flatMap(extended -> extended.map(Mono::just)
                                .orElseGet(() -> Mono.error(CscErrors.invalidRequest(
                                        "SAD unknown, expired or not issued for this credential"))))
                        .flatMap(issued -> audit.record(new AuditEntry("extendTransaction", platform.clientId(), credential.id(),
                                credential.userId(), issued.id(), "", List.of(), "OK replaces " + SadStore.idOf(sad))).thenReturn(issued)));
    }

    /** The credential if this platform may use it and it can sign; unknown and foreign look the same. */
    private Mono<Credential> usableCredential(PlatformPrincipal platform, CredentialId credentialId) {
        return credentials.findLinked(credentialId.value(), platform.platformId())
                .switchIfEmpty(Mono.error(CscErrors.unknownCredential()))
                .flatMap(credential -> UsableCredential.check(credential, clock.instant()));
    }

    private Mono<Void> checkOtp(PlatformPrincipal platform, Credential credential, AuthorizeRequest request) {
        return otp.verify(subject(credential), request.otp()).flatMap(verdict -> switch (verdict) {
            case ACCEPTED -> Mono.<Void>empty();
            case WRONG -> deny(platform, credential, request, "DENIED otp", CscErrors.invalidOtp("The OTP is invalid"));
            case BURNED -> deny(platform, credential, request, "DENIED otp burned",
                    CscErrors.invalidOtp("The OTP is invalid; too many attempts, request a new code"));
            case NONE -> deny(platform, credential, request, "DENIED otp none",
                    CscErrors.invalidOtp("The OTP is invalid or expired; request a new code"));
        });
    }

    private Mono<Void> checkPin(PlatformPrincipal platform, Credential credential, AuthorizeRequest request) {
        if (credential.pinHash().isEmpty()) {
            return Mono.error(CscErrors.disabled());
        }
        return hasher.verify(request.pin(), credential.pinHash().get()).flatMap(right -> {
            if (right) {
                return credentials.resetPinFailures(credential.id());
            }
            return credentials.recordPinFailure(credential.id(), properties.pinLockAfter()).flatMap(failure ->
                    failure.status() == CredentialStatus.LOCKED
                            ? deny(platform, credential, request, "DENIED pin; credential locked", CscErrors.locked())
                            : deny(platform, credential, request, "DENIED pin", CscErrors.invalidRequest("The PIN is invalid ("
                                    + (properties.pinLockAfter() - failure.attempts()) + " attempt(s) left before the credential locks)")));
        });
    }

    private Mono<Void> deny(PlatformPrincipal platform, Credential credential, AuthorizeRequest request, String result,
            RuntimeException error) {
        return audit.record(entry(platform, credential, "", request, result)).then(Mono.error(error));
    }

    private static AuditEntry entry(PlatformPrincipal platform, Credential credential, String sadId, AuthorizeRequest request,
            String result) {
        return new AuditEntry("authorize", platform.clientId(), credential.id(), credential.userId(), sadId,
                request.hashAlgorithm().oid(), request.hashes().canonical(), result);
    }

    static String subject(Credential credential) {
        return "credential:" + credential.id();
    }
}
