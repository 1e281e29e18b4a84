package io.sigillum.gateway.revocation;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Mono;

/**
 * The current CRL of each CA key ({@code crl}): one row whose CRL number is also its version, so that across instances a
 * number is published once and numbers only grow.
 */
@Repository
class CrlStore {

    private final DatabaseClient db;

    CrlStore(DatabaseClient db) {
        this.db = db;
    }

    /** The issuer's current CRL; number 0 and no CRL before the first publication. */
    Mono<Published> current(Issuer issuer) {
        return db.sql("INSERT INTO crl (issuer, issuer_key_id, crl_number) VALUES (:issuer, :keyId, 0) ON CONFLICT DO NOTHING")
                .bind("issuer", issuer.name()).bind("keyId", issuer.keyId()).then()
                .then(db.sql("SELECT crl_number, this_update, next_update, der FROM crl WHERE issuer = :issuer AND issuer_key_id = :keyId")
                        .bind("issuer", issuer.name()).bind("keyId", issuer.keyId())
                        .map(row -> new Published(row.get("crl_number", Long.class),
                                Optional.ofNullable(row.get("this_update", OffsetDateTime.class)).map(OffsetDateTime::toInstant),
                                Optional.ofNullable(row.get("next_update", OffsetDateTime.class)).map(OffsetDateTime::toInstant),
                                Optional.ofNullable(row.get("der", byte[].class))))
                        .one());
    }

    /** Publishes CRL number {@code previous + 1}; false when another publication got there first. */
    Mono<Boolean> replace(Issuer issuer, long previous, Instant thisUpdate, Instant nextUpdate, byte[] der) {
        return db.sql("""
                        UPDATE crl SET crl_number = :previous + 1, this_update = :thisUpdate, next_update = :nextUpdate, der = :der
                        WHERE issuer = :issuer AND issuer_key_id = :keyId AND crl_number = :previous""")
                .bind("issuer", issuer.name()).bind("keyId", issuer.keyId()).bind("previous", previous)
                .bind("thisUpdate", thisUpdate.atOffset(ZoneOffset.UTC)).bind("nextUpdate", nextUpdate.atOffset(ZoneOffset.UTC))
                .bind("der", der)
                .fetch().rowsUpdated().map(n -> n == 1);
    }

    /** A CA as the owner of a CRL sequence: its name and the identifier of its key. */
    record Issuer(String name, String keyId) {
    }

    /** A published CRL: its number, validity and DER (empty before the first). */
    record Published(long number, Optional<Instant> thisUpdate, Optional<Instant> nextUpdate, Optional<byte[]> der) {
    }
}
