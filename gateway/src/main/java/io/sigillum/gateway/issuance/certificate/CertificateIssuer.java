package io.sigillum.gateway.issuance.certificate;

import io.sigillum.gateway.issuance.DocumentMessages;
import io.sigillum.gateway.issuance.DocumentText;
import io.sigillum.gateway.account.CurrentAccount;
import io.sigillum.gateway.account.Role;
import io.sigillum.gateway.ca.CaLocations;
import io.sigillum.gateway.ca.CaProperties;
import io.sigillum.gateway.credential.CertificatePem;
import io.sigillum.gateway.credential.Credential;
import io.sigillum.gateway.credential.CredentialRepository;
import io.sigillum.gateway.credential.CredentialStatus;
import io.sigillum.gateway.issuance.IssuanceProperties;
import io.sigillum.gateway.issuance.application.Applicant;
import io.sigillum.gateway.issuance.application.ApplicantData;
import io.sigillum.gateway.issuance.application.ApplicationProgress;
import io.sigillum.gateway.issuance.application.ApplicationService;
import io.sigillum.gateway.issuance.application.ApplicationState;
import io.sigillum.gateway.issuance.application.ApplicationTransition;
import io.sigillum.gateway.issuance.application.ApplicationView;
import io.sigillum.gateway.issuance.application.CertificateParameters;
import io.sigillum.gateway.notify.Notification;
import io.sigillum.gateway.notify.NotificationOutbox;
import io.sigillum.gateway.secret.Randomness;
import io.sigillum.gateway.web.ApiException;
import io.sigillum.signer.ca.CertificateLocations;
import io.sigillum.signer.ca.NaturalPersonProfile;
import io.sigillum.signer.token.KeyRef;
import java.nio.ByteBuffer;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Issues the certificate of a signed (and, where needed, countersigned) application in three steps, so no row lock or
 * transaction is held while the token and the CA work: (1) under the application's lock, a PENDING credential without a
 * certificate is reserved for it; (2) {@link TokenCertification} generates the key and has the ETSI natural-person
 * certificate issued for the product's validity from the chosen start; (3) under the lock again, the chain is stored,
 * the credential (CSC userID: the applicant's account id) linked to the platform of the e-code's organisation, if any,
 * and the application moves to CERTIFICATE_ISSUED. A failure releases the reservation; a crash leaves it to be taken
 * over by a retry once its lease has run out.
 */
@Service
public class CertificateIssuer {

    private static final String IN_PROGRESS = "certificate_issuance_in_progress";
    private static final Set<ApplicationState> ISSUED = EnumSet.of(ApplicationState.CERTIFICATE_ISSUED, ApplicationState.ACTIVE,
            ApplicationState.REVOKED);

    private final ApplicationService applications;
    private final ApplicationProgress progress;
    private final TokenCertification token;
    private final CaProperties caProperties;
    private final CaLocations caLocations;
    private final CredentialRepository credentials;
    private final NotificationOutbox outbox;
    private final DocumentMessages messages;
    private final CertificateProperties properties;
    private final IssuanceProperties issuance;
    private final TransactionalOperator tx;
    private final JsonMapper json;
    private final Clock clock;

    CertificateIssuer(ApplicationService applications, ApplicationProgress progress, TokenCertification token,
            CaProperties caProperties, CaLocations caLocations, CredentialRepository credentials, NotificationOutbox outbox,
            DocumentMessages messages, CertificateProperties properties, IssuanceProperties issuance, TransactionalOperator tx,
            JsonMapper json, Clock clock) {
        this.applications = applications;
        this.progress = progress;
        this.token = token;
        this.caProperties = caProperties;
        this.caLocations = caLocations;
        this.credentials = credentials;
        this.outbox = outbox;
        this.messages = messages;
        this.properties = properties;
        this.issuance = issuance;
        this.tx = tx;
        this.json = json;
        this.clock = clock;
    }

    /** The issued certificate as the applicant sees it. */
    public record IssuedCertificate(String credentialId, String cscUserId, CredentialStatus status, String subject,
            String serialNumber, Instant notBefore, Instant notAfter, List<String> certificateChainPem) {
    }

    /** A credential reserved for an application whose certificate is being issued. */
    private record Reservation(ApplicationView application, String credentialId, KeyRef key, boolean resumed) {
    }

    /**
     * STATEMENT_SIGNED (or OPERATOR_APPROVED) → CERTIFICATE_ISSUED, with the token's work outside any transaction. Once
     * its credential is reserved, an issuance runs to its end — the certificate recorded, or the reservation given up —
     * even if the caller goes away or its deadline passes: a retry then finds it issued (or free to start again) rather
     * than a reservation nobody works on, refused as in progress until its lease runs out.
     */
    public Mono<ApplicationView> issue(CurrentAccount applicant, UUID id) {
        applicant.require(Role.APPLICANT);
        Optional<UUID> owner = Optional.of(applicant.id());
        return progress.prepare(id, owner, ApplicationTransition.ISSUE_CERTIFICATE, application -> reserve(application, applicant.id()))
                .flatMap(reservation -> seenThrough(token.certify(reservation.key(), reservation.credentialId(),
                                profile(reservation.application()), reservation.resumed())
                        .flatMap(chain -> record(reservation, owner, chain))
                        .onErrorResume(failure -> isLostReservation(failure) ? Mono.error(failure)
                                : release(reservation).then(Mono.error(failure)))));
    }

    private static <T> Mono<T> seenThrough(Mono<T> work) {
        return Mono.fromFuture(work.toFuture(), true);
    }

    /** The application once its certificate is issued (then activated, or revoked since); empty before. */
    public Mono<ApplicationView> issued(CurrentAccount applicant, UUID id) {
        return applications.get(applicant, id).filter(view -> ISSUED.contains(view.state()));
    }

    public Mono<IssuedCertificate> certificate(CurrentAccount applicant, UUID id) {
        return applications.get(applicant, id)
                .then(progress.credentialOf(id))
                .flatMap(credentials::findById)
                .filter(credential -> credential.certificate().isPresent())
                .switchIfEmpty(Mono.error(() -> ApiException.conflict("no_certificate", "No certificate issued yet", Map.of())))
                .map(CertificateIssuer::view);
    }

    /** Step 1, under the lock: a new reservation, or the one a crashed attempt left once its lease has run out. */
    private Mono<Reservation> reserve(ApplicationView application, UUID applicantId) {
        return progress.credentialOf(application.id())
                .flatMap(existing -> credentials.reclaimReservation(existing, properties.reservationLease())
                        .flatMap(reclaimed -> reclaimed
                                ? Mono.just(new Reservation(application, existing, keyOf(existing), true))
                                : Mono.error(inProgress())))
                .switchIfEmpty(Mono.defer(() -> {
                    String credentialId = newId();
                    Reservation reservation = new Reservation(application, credentialId, keyOf(credentialId), false);
                    return credentials.insert(new Credential(credentialId, applicantId.toString(), reservation.key(),
                                    properties.keyAlgorithm(), CredentialStatus.PENDING,
                                    application.submittedApplicant().phone().value(), Optional.empty(), 0,
                                    properties.multisign(), description(application), List.of(),
                                    application.applicantLanguage()))
                            .then(progress.linkCredential(application.id(), credentialId))
                            .thenReturn(reservation);
                }));
    }

    /** Step 3, under the lock again: the reservation becomes the issued credential and the application moves. */
    private Mono<ApplicationView> record(Reservation reservation, Optional<UUID> owner, List<X509Certificate> chain) {
        UUID id = reservation.application().id();
        String credentialId = reservation.credentialId();
        return progress.advance(id, owner, ApplicationTransition.ISSUE_CERTIFICATE, owner, current -> progress.credentialOf(id)
                .filter(credentialId::equals)
                .filterWhen(ours -> credentials.completeReservation(ours, chain))
                .switchIfEmpty(Mono.error(inProgress())) // a retry took the reservation over: its result counts
                .then(progress.organisationOf(id).flatMap(organisation -> credentials.assignOrganisation(credentialId, organisation)))
                .then(progress.issuerPlatform(id)
                        .flatMap(platform -> credentials.link(credentialId, platform.id()).thenReturn(Optional.of(platform.clientId())))
                        .defaultIfEmpty(Optional.empty()))
                .flatMap(platform -> notifyIssued(current).thenReturn(details(credentialId, chain.getFirst(), platform))));
    }

    /** Gives a failed issuance's reservation and key up, unless the credential was issued after all. */
    private Mono<Void> release(Reservation reservation) {
        String credentialId = reservation.credentialId();
        return credentials.isReservation(credentialId)
                .filter(Boolean::booleanValue)
                .flatMap(reserved -> progress.unlinkCredential(reservation.application().id(), credentialId)
                        .then(token.abandon(credentialId)) // the register's row would go with the reservation
                        .then(credentials.deleteReservation(credentialId))
                        .as(tx::transactional)
                        .then(token.discard(reservation.key())));
    }

    private NaturalPersonProfile profile(ApplicationView application) {
        Applicant applicant = application.submittedApplicant();
        Applicant.IdentityDocument document = applicant.identityDocument();
        // ETSI EN 319 412-1 §5.1.3 semantics identifier: the PESEL where there is one, else the identity document's
        // number (IDC for a national identity card, PAS for a passport)
        String documentType = document.type() == ApplicantData.DocumentType.ID_CARD ? "IDC" : "PAS";
        String serialNumber = applicant.pesel().map(pesel -> "PNOPL-" + pesel.value())
                .orElseGet(() -> documentType + document.issuingCountry().value() + "-" + document.seriesAndNumber());
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        CertificateLocations locations = caLocations.now();
        Instant notBefore = application.certificateParameters()
                .filter(p -> p.validityStart() == CertificateParameters.ValidityStart.FROM_DATE && p.validFrom() != null)
                .map(p -> p.validFrom().atStartOfDay(issuance.zone()).toInstant())
                .filter(start -> start.isAfter(now))
                .orElse(now);
        Instant notAfter = ZonedDateTime.ofInstant(notBefore, issuance.zone())
                .plusMonths(application.product().validityMonths()).toInstant();
        return NaturalPersonProfile.of(applicant.citizenship().value(), applicant.givenNames(), applicant.surname(),
                        serialNumber, notBefore, notAfter,
                        caProperties.pdsUrl())
                .withLocations(locations.ocspUrl(), locations.caIssuersUrl(), locations.crlUrl());
    }

    private Mono<Void> notifyIssued(ApplicationView application) {
        DocumentText text = messages.in(application.applicantLanguage());
        return outbox.add(Notification.email(Notification.Kind.CERTIFICATE_ISSUED,
                application.submittedApplicant().email().value(),
                text.get("notification.certificateIssued.subject", application.number()),
                text.get("notification.certificateIssued", application.number()), application.id()));
    }

    private Optional<String> details(String credentialId, X509Certificate certificate, Optional<String> platform) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("credentialId", credentialId);
        details.put("certificateSerial", certificate.getSerialNumber().toString(16));
        details.put("notBefore", certificate.getNotBefore().toInstant().toString());
        details.put("notAfter", certificate.getNotAfter().toInstant().toString());
        platform.ifPresent(clientId -> details.put("linkedPlatform", clientId));
        return Optional.of(json.writeValueAsString(details));
    }

    private static ApiException inProgress() {
        return ApiException.conflict(IN_PROGRESS, "The certificate of this application is being issued", Map.of());
    }

    private static boolean isLostReservation(Throwable failure) {
        return failure instanceof ApiException api && api.code().equals(IN_PROGRESS);
    }

    private static KeyRef keyOf(String credentialId) {
        return new KeyRef("cred-" + credentialId);
    }

    private static String description(ApplicationView application) {
        return application.certificateParameters().map(CertificateParameters::cardName).filter(name -> name != null)
                .orElse(application.product().name());
    }

    private static IssuedCertificate view(Credential credential) {
        X509Certificate certificate = credential.certificate().orElseThrow();
        return new IssuedCertificate(credential.id(), credential.userId(), credential.status(),
                X500Name.getInstance(BCStyle.INSTANCE, certificate.getSubjectX500Principal().getEncoded()).toString(),
                certificate.getSerialNumber().toString(16), certificate.getNotBefore().toInstant(),
                certificate.getNotAfter().toInstant(),
                credential.certificateChain().stream().map(c -> CertificatePem.encode(List.of(c))).toList());
    }

    /** A random (version 4) UUID from the gateway's DRBG: the CSC credentialID. */
    private static String newId() {
        byte[] bytes = new byte[16];
        Randomness.nextBytes(bytes);
        bytes[6] = (byte) ((bytes[6] & 0x0f) | 0x40);
        bytes[8] = (byte) ((bytes[8] & 0x3f) | 0x80);
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        return new UUID(buffer.getLong(), buffer.getLong()).toString();
    }
}
