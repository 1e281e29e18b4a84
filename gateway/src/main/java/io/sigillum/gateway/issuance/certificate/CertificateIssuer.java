package io.sigillum.gateway.issuance.certificate;

import io.sigillum.gateway.account.CurrentAccount;
import io.sigillum.gateway.account.Role;
import io.sigillum.gateway.ca.CaProperties;
import io.sigillum.gateway.credential.CertificatePem;
import io.sigillum.gateway.credential.Credential;
import io.sigillum.gateway.credential.CredentialRepository;
import io.sigillum.gateway.credential.CredentialStatus;
import io.sigillum.gateway.issuance.IssuanceProperties;
import io.sigillum.gateway.issuance.application.ApplicantData;
import io.sigillum.gateway.issuance.application.ApplicationService;
import io.sigillum.gateway.issuance.application.ApplicationTransition;
import io.sigillum.gateway.issuance.application.ApplicationView;
import io.sigillum.gateway.issuance.application.CertificateParameters;
import io.sigillum.gateway.notify.Notification;
import io.sigillum.gateway.notify.NotificationOutbox;
import io.sigillum.gateway.security.Randomness;
import io.sigillum.gateway.web.ApiException;
import io.sigillum.signer.ca.CertificateAuthority;
import io.sigillum.signer.ca.CsrBuilder;
import io.sigillum.signer.ca.NaturalPersonProfile;
import io.sigillum.signer.pool.ReactiveSigner;
import io.sigillum.signer.pool.SigningPool;
import io.sigillum.signer.token.KeyRef;
import java.nio.ByteBuffer;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.jspecify.annotations.Nullable;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.json.JsonMapper;

/**
 * Issues the certificate of a signed (and, where needed, countersigned) application: the key pair is generated in the
 * token through the signing pool (non-extractable on PKCS#11), a CSR proves possession, the built-in issuing CA issues
 * the ETSI natural-person certificate for the product's validity from the chosen start, and a PENDING credential (the
 * CSC userID is the applicant's account id) is stored and linked to the platform of the e-code's organisation, if any.
 */
@Service
public class CertificateIssuer {

    private final ApplicationService applications;
    private final ReactiveSigner signer;
    private final SigningPool pool;
    private final CertificateAuthority ca;
    private final CaProperties caProperties;
    private final CredentialRepository credentials;
    private final NotificationOutbox outbox;
    private final CertificateProperties properties;
    private final IssuanceProperties issuance;
    private final DatabaseClient db;
    private final JsonMapper json;
    private final Scheduler caScheduler;

    CertificateIssuer(ApplicationService applications, ReactiveSigner signer, SigningPool pool, CertificateAuthority ca,
            CaProperties caProperties, CredentialRepository credentials, NotificationOutbox outbox,
            CertificateProperties properties, IssuanceProperties issuance, DatabaseClient db, JsonMapper json) {
        this.applications = applications;
        this.signer = signer;
        this.pool = pool;
        this.ca = ca;
        this.caProperties = caProperties;
        this.credentials = credentials;
        this.outbox = outbox;
        this.properties = properties;
        this.issuance = issuance;
        this.db = db;
        this.json = json;
        this.caScheduler = Schedulers.newBoundedElastic(properties.caThreads(), 1_000, "issuance-ca");
    }

    /** The issued certificate as the applicant sees it. */
    public record IssuedCertificate(String credentialId, String cscUserId, CredentialStatus status, String subject,
            String serialNumber, Instant notBefore, Instant notAfter, List<String> certificateChainPem) {
    }

    /** STATEMENT_SIGNED (or OPERATOR_APPROVED) → CERTIFICATE_ISSUED; run in a transaction. */
    public Mono<ApplicationView> issue(CurrentAccount applicant, UUID id) {
        applicant.require(Role.APPLICANT);
        return applications.advance(id, Optional.of(applicant.id()), ApplicationTransition.ISSUE_CERTIFICATE,
                Optional.of(applicant.id()), application -> issueFor(application, applicant.id()));
    }

    public Mono<IssuedCertificate> certificate(CurrentAccount applicant, UUID id) {
        return applications.get(applicant, id)
                .flatMap(application -> db.sql("SELECT credential_id FROM application WHERE id = :id").bind("id", id)
                        .map(row -> Optional.ofNullable(row.get("credential_id", String.class))).one())
                .flatMap(credentialId -> credentialId.map(credentials::findById).orElseGet(() -> Mono.error(
                        ApiException.conflict("no_certificate", "No certificate issued yet", Map.of()))))
                .map(CertificateIssuer::view);
    }

    private Mono<Optional<String>> issueFor(ApplicationView application, UUID applicantId) {
        ApplicantData data = application.applicantData().orElseThrow();
        String credentialId = newId();
        KeyRef key = new KeyRef("cred-" + credentialId);
        NaturalPersonProfile profile = profile(application, data).withLocations(present(caProperties.ocspUrl()),
                present(caProperties.caIssuersUrl()), present(caProperties.crlUrl()));
        return signer.generateKey(key, properties.keyAlgorithm())
                .then(Mono.fromCallable(() -> {
                    X509Certificate certificate = ca.issueFromCsr(CsrBuilder.build(pool, key,
                            new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.C, profile.country())
                                    .addRDN(BCStyle.CN, profile.commonName()).build()), profile);
                    List<X509Certificate> chain = new ArrayList<>(List.of(certificate));
                    chain.addAll(ca.chain());
                    return List.copyOf(chain);
                }).subscribeOn(caScheduler)) // the CSR and the CA's signature wait for the pool
                .flatMap(chain -> signer.storeCertificateChain(key, chain).thenReturn(chain))
                .flatMap(chain -> credentials.insert(new Credential(credentialId, applicantId.toString(), key,
                                properties.keyAlgorithm(), CredentialStatus.PENDING, data.phone(), Optional.empty(), 0,
                                properties.multisign(), description(application), chain))
                        .then(db.sql("UPDATE application SET credential_id = :credential WHERE id = :id")
                                .bind("credential", credentialId).bind("id", application.id()).then())
                        .then(linkToPlatform(application.id(), credentialId))
                        .flatMap(platform -> notifyIssued(application, data)
                                .thenReturn(details(credentialId, chain.getFirst(), platform))));
    }

    /**
     * Records the e-code's organisation as the credential's issuer and links the credential to that organisation's
     * platform; the platform's client_id, or empty.
     */
    private Mono<Optional<String>> linkToPlatform(UUID application, String credentialId) {
        Mono<Void> owner = db.sql("SELECT e.organisation_id FROM application a JOIN ecode e ON e.id = a.ecode_id WHERE a.id = :id")
                .bind("id", application).map(row -> row.get("organisation_id", UUID.class)).one()
                .flatMap(organisation -> credentials.assignOrganisation(credentialId, organisation));
        return owner.then(db.sql("""
                        SELECT p.id, p.client_id FROM application a JOIN ecode e ON e.id = a.ecode_id
                        JOIN organisation o ON o.id = e.organisation_id
                        JOIN platform_client p ON p.client_id = o.platform_client_id
                        WHERE a.id = :id""")
                .bind("id", application)
                .map(row -> Map.entry(row.get("id", UUID.class), row.get("client_id", String.class))).one()
                .flatMap(platform -> credentials.link(credentialId, platform.getKey()).thenReturn(Optional.of(platform.getValue())))
                .defaultIfEmpty(Optional.empty()));
    }

    private NaturalPersonProfile profile(ApplicationView application, ApplicantData data) {
        String givenName = data.secondName() == null ? data.firstName() : data.firstName() + " " + data.secondName();
        String serialNumber = data.pesel() != null ? "PNOPL-" + data.pesel()
                : "PAS" + data.identityDocument().issuingCountry() + "-" + data.identityDocument().seriesAndNumber();
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Instant notBefore = application.certificateParameters()
                .filter(p -> p.validityStart() == CertificateParameters.ValidityStart.FROM_DATE && p.validFrom() != null)
                .map(p -> p.validFrom().atStartOfDay(issuance.zone()).toInstant())
                .filter(start -> start.isAfter(now))
                .orElse(now);
        Instant notAfter = ZonedDateTime.ofInstant(notBefore, issuance.zone())
                .plusMonths(application.product().validityMonths()).toInstant();
        return NaturalPersonProfile.of(data.citizenship(), givenName, data.surname(), serialNumber, notBefore, notAfter,
                caProperties.pdsUrl());
    }

    private Mono<Void> notifyIssued(ApplicationView application, ApplicantData data) {
        if (data.email() == null) {
            return Mono.empty();
        }
        return outbox.add(Notification.email(Notification.Kind.CERTIFICATE_ISSUED, data.email(),
                "Your qualified certificate for application " + application.number()
                        + " has been issued. Set your 8-digit PIN to activate it.", application.id()));
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

    private static String description(ApplicationView application) {
        return application.certificateParameters().map(CertificateParameters::cardName).filter(name -> name != null)
                .orElse(application.product().name());
    }

    private static IssuedCertificate view(Credential credential) {
        X509Certificate certificate = credential.certificate().orElseThrow();
        return new IssuedCertificate(credential.id(), credential.userId(), credential.status(),
                org.bouncycastle.asn1.x500.X500Name.getInstance(BCStyle.INSTANCE,
                        certificate.getSubjectX500Principal().getEncoded()).toString(), certificate.getSerialNumber().toString(16),
                certificate.getNotBefore().toInstant(), certificate.getNotAfter().toInstant(),
                credential.certificateChain().stream().map(c -> CertificatePem.encode(List.of(c))).toList());
    }

    /** An unset optional property binds as null. */
    private static Optional<String> present(@Nullable Optional<String> value) {
        return value == null ? Optional.empty() : value;
    }

    private String newId() {
        byte[] bytes = new byte[16];
        Randomness.nextBytes(bytes);
        bytes[6] = (byte) ((bytes[6] & 0x0f) | 0x40);
        bytes[8] = (byte) ((bytes[8] & 0x3f) | 0x80);
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        return new UUID(buffer.getLong(), buffer.getLong()).toString();
    }

}
