package io.sigillum.gateway.issuance.activation;

import io.sigillum.gateway.account.CurrentAccount;
import io.sigillum.gateway.account.Role;
import io.sigillum.gateway.credential.CredentialCache;
import io.sigillum.gateway.issuance.application.ApplicationService;
import io.sigillum.gateway.issuance.application.ApplicationTransition;
import io.sigillum.gateway.issuance.application.ApplicationView;
import io.sigillum.gateway.security.SecretHasher;
import io.sigillum.gateway.web.ApiException;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;

/**
 * Sets the PIN of an issued credential, once: exactly 8 digits, stored only as Argon2id; CERTIFICATE_ISSUED → ACTIVE
 * and the credential PENDING → ACTIVE. It cannot be changed afterwards (only a new issuance gives a new PIN).
 */
@Service
public class ActivationService {

    private static final Pattern PIN = Pattern.compile("\\d{8}");

    private final ApplicationService applications;
    private final SecretHasher hasher;
    private final DatabaseClient db;
    private final CredentialCache cache;

    ActivationService(ApplicationService applications, SecretHasher hasher, DatabaseClient db, CredentialCache cache) {
        this.applications = applications;
        this.hasher = hasher;
        this.db = db;
        this.cache = cache;
    }

    /** Hashes first (off the lock), then moves in the caller's transaction. */
    public Mono<ApplicationView> activate(CurrentAccount applicant, UUID id, String pin) {
        applicant.require(Role.APPLICANT);
        if (!PIN.matcher(pin).matches()) {
            return Mono.error(ApiException.badRequest("The PIN must be exactly 8 digits"));
        }
        return applications.get(applicant, id)
                .then(hasher.hash(pin))
                .flatMap(hash -> applications.advance(id, Optional.of(applicant.id()), ApplicationTransition.ACTIVATE,
                        Optional.of(applicant.id()), application -> setPinOnce(id, hash)));
    }

    private Mono<Optional<String>> setPinOnce(UUID application, String hash) {
        return db.sql("""
                        UPDATE credential c SET pin_hash = :hash, status = 'ACTIVE', updated_at = now()
                        FROM application a
                        WHERE a.id = :application AND c.id = a.credential_id AND c.pin_hash IS NULL AND c.status = 'PENDING'
                        RETURNING c.id""")
                .bind("hash", hash).bind("application", application)
                .map(row -> row.get("id", String.class)).one()
                .switchIfEmpty(Mono.error(() -> ApiException.conflict("pin_already_set",
                        "The PIN is set once and cannot be changed", Map.of())))
                .doOnNext(cache::evict)
                .map(credentialId -> Optional.of("{\"credentialId\":\"" + credentialId + "\",\"pin\":\"SET\"}"));
    }
}
