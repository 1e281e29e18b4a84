package io.sigillum.gateway.credential;

import io.r2dbc.spi.Readable;
import io.sigillum.gateway.ca.CertificateKind;
import io.sigillum.gateway.ca.CertificateRegistry;
import io.sigillum.signer.algorithm.KeyAlgorithm;
import io.sigillum.signer.token.KeyRef;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Credentials and their platform links in PostgreSQL; PIN failures are counted here, durably. */
@Repository
public class CredentialRepository {

    private static final String COLUMNS = "id, user_id, key_alias, key_algorithm, status, phone, pin_hash, "
            + "failed_pin_attempts, multisign, description, certificate_chain, language";
    /**
     * A credential as read: its certificate's revocation state (owned by {@code certificate_status}) overrides the
     * credential's own status, so a revoked or suspended certificate can never look ACTIVE.
     */
    private static final String SELECT = "SELECT c.id, c.user_id, c.key_alias, c.key_algorithm, "
            + "CASE WHEN s.status IN ('REVOKED', 'SUSPENDED') THEN s.status ELSE c.status END AS status, c.phone, c.pin_hash, "
            + "c.failed_pin_attempts, c.multisign, c.description, c.certificate_chain, c.language "
            + "FROM credential c LEFT JOIN certificate_status s ON s.credential_id = c.id ";

    private final DatabaseClient db;
    private final CertificateRegistry certificates;

    CredentialRepository(DatabaseClient db, CertificateRegistry certificates) {
        this.db = db;
        this.certificates = certificates;
    }

    public Mono<Credential> findById(String id) {
        return db.sql(SELECT + "WHERE c.id = :id").bind("id", id)
                .map(CredentialRepository::credential).one();
    }

    /** The user's credentials that this platform may use, oldest first. */
    public Flux<Credential> findByUserForPlatform(String userId, UUID platformId) {
        return db.sql(SELECT + "JOIN credential_platform l ON l.credential_id = c.id "
                        + "WHERE c.user_id = :userId AND l.platform_id = :platformId ORDER BY c.created_at, c.id")
                .bind("userId", userId).bind("platformId", platformId)
                .map(CredentialRepository::credential).all();
    }

    /**
     * The credential if it exists <em>and</em> this platform may use it: one question, so nothing about a credential is
     * looked at before its visibility is decided. Unknown and foreign credentials are both empty.
     */
    public Mono<Credential> findLinked(String credentialId, UUID platformId) {
        return db.sql(SELECT + "JOIN credential_platform l ON l.credential_id = c.id "
                        + "WHERE c.id = :id AND l.platform_id = :platformId")
                .bind("id", credentialId).bind("platformId", platformId)
                .map(CredentialRepository::credential).one();
    }

    /** The credential if it was issued from an e-code of {@code organisationId}; empty otherwise. */
    public Mono<Credential> findIssuedBy(String credentialId, UUID organisationId) {
        return db.sql(SELECT + "WHERE c.id = :id AND c.organisation_id = :organisation")
                .bind("id", credentialId).bind("organisation", organisationId)
                .map(CredentialRepository::credential).one();
    }

    /** Records the organisation a credential was issued for (see {@link #findIssuedBy}). */
    public Mono<Void> assignOrganisation(String credentialId, UUID organisationId) {
        return db.sql("UPDATE credential SET organisation_id = :organisation WHERE id = :id")
                .bind("id", credentialId).bind("organisation", organisationId).then();
    }

    public Mono<Void> insert(Credential credential) {
        var spec = db.sql("INSERT INTO credential (" + COLUMNS + ") VALUES (:id, :userId, :alias, :algorithm, :status, :phone, "
                        + ":pinHash, 0, :multisign, :description, :chain, :language)")
                .bind("id", credential.id()).bind("userId", credential.userId()).bind("alias", credential.key().alias())
                .bind("algorithm", credential.keyAlgorithm().name()).bind("status", credential.status().name())
                .bind("phone", credential.phone()).bind("multisign", credential.multisign())
                .bind("description", credential.description())
                .bind("chain", CertificatePem.encode(credential.certificateChain()))
                .bind("language", credential.language().getLanguage());
        return (credential.pinHash().isPresent() ? spec.bind("pinHash", credential.pinHash().get())
                : spec.bindNull("pinHash", String.class)).then()
                .then(Mono.justOrEmpty(credential.certificate()).flatMap(ee -> register(credential.id(), ee)));
    }

    public Mono<Void> link(String credentialId, UUID platformId) {
        return db.sql("INSERT INTO credential_platform (credential_id, platform_id) VALUES (:id, :platformId) ON CONFLICT DO NOTHING")
                .bind("id", credentialId).bind("platformId", platformId).then();
    }

    /**
     * Renews the claim on a credential reserved for issuance (inserted with no certificate chain yet) whose last claim
     * is older than {@code lease}: the issuance that held it crashed or gave up. False while another claim is fresh, or
     * once the certificate is there.
     */
    public Mono<Boolean> reclaimReservation(String id, Duration lease) {
        return db.sql("""
                        UPDATE credential SET updated_at = now()
                        WHERE id = :id AND certificate_chain = '' AND updated_at < now() - make_interval(secs => :lease)""")
                .bind("id", id).bind("lease", (double) lease.toSeconds())
                .fetch().rowsUpdated().map(n -> n == 1);
    }

    /** Reservations whose last claim is older than {@code lease}: issuances that crashed and nobody retried. */
    public Flux<String> abandonedReservations(Duration lease) {
        return db.sql("""
                        SELECT id FROM credential
                        WHERE certificate_chain = '' AND updated_at < now() - make_interval(secs => :lease)""")
                .bind("lease", (double) lease.toSeconds())
                .map(row -> row.get("id", String.class)).all();
    }

    /** Stores the certificate chain of a reserved credential; false when it is not (or no longer) a reservation. */
    public Mono<Boolean> completeReservation(String id, List<X509Certificate> chain) {
        return db.sql("""
                        UPDATE credential SET certificate_chain = :chain, updated_at = now()
                        WHERE id = :id AND certificate_chain = ''""")
                .bind("id", id).bind("chain", CertificatePem.encode(chain))
                .fetch().rowsUpdated().map(n -> n == 1)
                .flatMap(done -> done ? register(id, chain.getFirst()).thenReturn(true) : Mono.just(false));
    }

    /** The CA's record of the credential's certificate, which OCSP and the CRL answer from. */
    private Mono<Void> register(String credentialId, X509Certificate certificate) {
        return certificates.register(certificate, CertificateKind.END_ENTITY, Optional.of(credentialId));
    }

    /** Whether the credential is still a reservation (no certificate chain yet). */
    public Mono<Boolean> isReservation(String id) {
        return db.sql("SELECT certificate_chain = '' AS reserved FROM credential WHERE id = :id").bind("id", id)
                .map(row -> Boolean.TRUE.equals(row.get("reserved", Boolean.class))).one().defaultIfEmpty(false);
    }

    /** Deletes a reservation whose issuance failed; a credential with a certificate is never deleted here. */
    public Mono<Void> deleteReservation(String id) {
        return db.sql("DELETE FROM credential WHERE id = :id AND certificate_chain = ''").bind("id", id).then();
    }

    /**
     * Sets the first PIN of a PENDING credential and makes it ACTIVE; false when a PIN is already set (a PIN is set
     * once and never changed).
     */
    public Mono<Boolean> setFirstPin(String id, String pinHash) {
        return db.sql("""
                        UPDATE credential SET pin_hash = :hash, status = 'ACTIVE', updated_at = now()
                        WHERE id = :id AND pin_hash IS NULL AND status = 'PENDING'""")
                .bind("hash", pinHash).bind("id", id)
                .fetch().rowsUpdated().map(n -> n == 1);
    }

    /** Counts a wrong PIN; at {@code lockAfter} consecutive failures the credential is LOCKED. Returns the new state. */
    public Mono<PinFailure> recordPinFailure(String id, int lockAfter) {
        return db.sql("UPDATE credential SET failed_pin_attempts = failed_pin_attempts + 1, "
                        + "status = CASE WHEN failed_pin_attempts + 1 >= :lockAfter THEN 'LOCKED' ELSE status END, "
                        + "locked_at = CASE WHEN failed_pin_attempts + 1 >= :lockAfter THEN now() ELSE locked_at END, "
                        + "updated_at = now() WHERE id = :id RETURNING failed_pin_attempts, status")
                .bind("id", id).bind("lockAfter", lockAfter)
                .map(row -> new PinFailure(row.get("failed_pin_attempts", Integer.class),
                        CredentialStatus.valueOf(row.get("status", String.class))))
                .one();
    }

    public Mono<Void> resetPinFailures(String id) {
        return db.sql("UPDATE credential SET failed_pin_attempts = 0, updated_at = now() WHERE id = :id AND failed_pin_attempts > 0")
                .bind("id", id).then();
    }

    /** Operator action: a LOCKED credential becomes ACTIVE again with its failure count cleared. */
    public Mono<Boolean> unlock(String id) {
        return db.sql("UPDATE credential SET status = 'ACTIVE', failed_pin_attempts = 0, locked_at = NULL, updated_at = now() "
                        + "WHERE id = :id AND status = 'LOCKED'")
                .bind("id", id).fetch().rowsUpdated().map(n -> n > 0);
    }

    /** The consecutive wrong-PIN count after a failure, and whether it locked the credential. */
    public record PinFailure(int attempts, CredentialStatus status) {
    }

    private static Credential credential(Readable row) {
        List<X509Certificate> chain = CertificatePem.decode(row.get("certificate_chain", String.class));
        return new Credential(row.get("id", String.class), row.get("user_id", String.class),
                new KeyRef(row.get("key_alias", String.class)), KeyAlgorithm.valueOf(row.get("key_algorithm", String.class)),
                CredentialStatus.valueOf(row.get("status", String.class)), row.get("phone", String.class),
                Optional.ofNullable(row.get("pin_hash", String.class)), row.get("failed_pin_attempts", Integer.class),
                row.get("multisign", Integer.class), row.get("description", String.class), chain,
                Locale.forLanguageTag(row.get("language", String.class)));
    }
}
