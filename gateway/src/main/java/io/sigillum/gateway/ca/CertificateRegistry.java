package io.sigillum.gateway.ca;

import io.r2dbc.spi.Readable;
import io.sigillum.signer.ca.RevokedCertificate;
import java.math.BigInteger;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import javax.security.auth.x500.X500Principal;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Every certificate the issuing CA issued, by serial number, with its revocation state ({@code certificate_status}): what
 * the OCSP responder answers and the CRL lists. State changes are single conditional updates, so two concurrent
 * revocations cannot both win and a revoked certificate never comes back.
 */
@Repository
public class CertificateRegistry {

    private static final String COLUMNS = "serial, kind, credential_id, status, reason, revoked_at, not_after";

    private final DatabaseClient db;

    /** RFC 5280 CRLReason superseded. */
    private static final int SUPERSEDED = 4;

    CertificateRegistry(DatabaseClient db) {
        this.db = db;
    }

    /** Records an issued certificate as good; registering it again changes nothing. */
    public Mono<Void> register(X509Certificate certificate, CertificateKind kind, Optional<String> credentialId) {
        var spec = db.sql("""
                        INSERT INTO certificate_status (serial, issuer, subject, kind, credential_id, not_after)
                        VALUES (:serial, :issuer, :subject, :kind, :credential, :notAfter) ON CONFLICT DO NOTHING""")
                .bind("serial", hex(certificate.getSerialNumber()))
                .bind("issuer", certificate.getIssuerX500Principal().getName(X500Principal.RFC2253))
                .bind("subject", certificate.getSubjectX500Principal().getName(X500Principal.RFC2253))
                .bind("kind", kind.name())
                .bind("notAfter", utc(certificate.getNotAfter().toInstant()));
        return (credentialId.isPresent() ? spec.bind("credential", credentialId.get()) : spec.bindNull("credential", String.class))
                .then();
    }

    public Mono<CertificateState> find(BigInteger serial) {
        return db.sql("SELECT " + COLUMNS + " FROM certificate_status WHERE serial = :serial").bind("serial", hex(serial))
                .map(CertificateRegistry::state).one();
    }

    public Mono<CertificateState> findByCredential(String credentialId) {
        return db.sql("SELECT " + COLUMNS + " FROM certificate_status WHERE credential_id = :id").bind("id", credentialId)
                .map(CertificateRegistry::state).one();
    }

    /** Revokes a good or suspended certificate with {@code reason}; false when it is already revoked. */
    public Mono<Boolean> revoke(BigInteger serial, int reason, Instant at) {
        return db.sql("""
                        UPDATE certificate_status SET status = 'REVOKED', reason = :reason, revoked_at = :at, updated_at = now()
                        WHERE serial = :serial AND status <> 'REVOKED'""")
                .bind("serial", hex(serial)).bind("reason", (short) reason).bind("at", utc(at))
                .fetch().rowsUpdated().map(n -> n == 1);
    }

    /** Puts a good certificate on hold; false when it is not good. */
    public Mono<Boolean> suspend(BigInteger serial, Instant at) {
        return db.sql("""
                        UPDATE certificate_status SET status = 'SUSPENDED', reason = :reason, revoked_at = :at, updated_at = now()
                        WHERE serial = :serial AND status = 'GOOD'""")
                .bind("serial", hex(serial)).bind("reason", (short) CertificateState.CERTIFICATE_HOLD).bind("at", utc(at))
                .fetch().rowsUpdated().map(n -> n == 1);
    }

    /** Takes a certificate off hold; false when it is not suspended. */
    public Mono<Boolean> release(BigInteger serial) {
        return db.sql("""
                        UPDATE certificate_status SET status = 'GOOD', reason = NULL, revoked_at = NULL, updated_at = now()
                        WHERE serial = :serial AND status = 'SUSPENDED'""")
                .bind("serial", hex(serial)).fetch().rowsUpdated().map(n -> n == 1);
    }

    /**
     * Revokes (superseded) the certificate an abandoned issuance of the credential had the CA sign, if it got that far,
     * and unties it from the credential: its key is then deleted and never delivered, a retry's certificate takes the
     * credential, and the record of the first stays (with OCSP and the next CRL saying revoked) when the reservation goes.
     */
    public Mono<Void> supersedeAbandoned(String credentialId, Instant at) {
        return db.sql("""
                        UPDATE certificate_status SET status = 'REVOKED', reason = :reason, revoked_at = :at, updated_at = now(),
                               credential_id = NULL
                        WHERE credential_id = :id AND status = 'GOOD'""")
                .bind("id", credentialId).bind("reason", (short) SUPERSEDED).bind("at", utc(at)).then();
    }

    /** The entries of a CRL made at {@code now}: revoked or suspended certificates that have not expired. */
    public Flux<RevokedCertificate> listed(Instant now) {
        return db.sql("""
                        SELECT serial, reason, revoked_at FROM certificate_status
                        WHERE status <> 'GOOD' AND not_after > :now ORDER BY revoked_at, serial""")
                .bind("now", utc(now))
                .map(row -> new RevokedCertificate(new BigInteger(row.get("serial", String.class), 16),
                        row.get("revoked_at", OffsetDateTime.class).toInstant(), row.get("reason", Short.class)))
                .all();
    }

    private static CertificateState state(Readable row) {
        Short reason = row.get("reason", Short.class);
        OffsetDateTime revokedAt = row.get("revoked_at", OffsetDateTime.class);
        return new CertificateState(new BigInteger(row.get("serial", String.class), 16),
                CertificateKind.valueOf(row.get("kind", String.class)), Optional.ofNullable(row.get("credential_id", String.class)),
                CertificateState.Status.valueOf(row.get("status", String.class)),
                Optional.ofNullable(reason).map(Short::intValue), Optional.ofNullable(revokedAt).map(OffsetDateTime::toInstant),
                row.get("not_after", OffsetDateTime.class).toInstant());
    }

    private static String hex(BigInteger serial) {
        return serial.toString(16);
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
