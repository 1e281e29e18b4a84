package io.sigillum.gateway.issuance.certificate;

import io.sigillum.gateway.web.ApiException;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Mono;

/**
 * SQL for signed statements: the sealed PDF (with the operator's countersignature once given), its digest and the phone
 * the code went to.
 */
@Repository
class StatementRepository {

    private final DatabaseClient db;

    StatementRepository(DatabaseClient db) {
        this.db = db;
    }

    /** The statement file as kept and its SHA-256 (hex). */
    record StoredStatement(byte[] pdf, String sha256) {
    }

    Mono<Void> keep(UUID application, byte[] pdf, String sha256, String phone) {
        return db.sql("INSERT INTO signed_statement (application_id, pdf, sha256, phone) VALUES (:id, :pdf, :sha, :phone)")
                .bind("id", application).bind("pdf", ByteBuffer.wrap(pdf)).bind("sha", sha256).bind("phone", phone)
                .then();
    }

    Mono<StoredStatement> find(UUID application) {
        return db.sql("SELECT pdf, sha256 FROM signed_statement WHERE application_id = :id").bind("id", application)
                .map(row -> new StoredStatement(row.get("pdf", byte[].class), row.get("sha256", String.class)))
                .one();
    }

    /**
     * Replaces the statement with its countersigned file, only if it is still the one that was countersigned
     * ({@code previousSha256}) and not countersigned yet; 409 otherwise.
     */
    Mono<Void> countersign(UUID application, byte[] pdf, String sha256, String previousSha256, UUID operator) {
        return db.sql("""
                        UPDATE signed_statement SET pdf = :pdf, sha256 = :sha, countersigned_by = :operator,
                            countersigned_at = now()
                        WHERE application_id = :id AND sha256 = :previous AND countersigned_by IS NULL""")
                .bind("id", application).bind("pdf", ByteBuffer.wrap(pdf)).bind("sha", sha256)
                .bind("previous", previousSha256).bind("operator", operator)
                .fetch().rowsUpdated()
                .flatMap(updated -> updated == 1 ? Mono.<Void>empty()
                        : Mono.error(ApiException.conflict("statement_changed",
                                "The statement was changed or countersigned meanwhile; reload it", Map.of())));
    }

    /** The operator as the countersignature names them. */
    Mono<StatementSeals.Representative> representative(UUID operator) {
        return db.sql("""
                        SELECT u.email, p.name AS point_of_sale, o.name AS organisation FROM user_account u
                        JOIN organisation o ON o.id = u.organisation_id
                        LEFT JOIN point_of_sale p ON p.id = u.point_of_sale_id
                        WHERE u.id = :id""")
                .bind("id", operator)
                .map(row -> new StatementSeals.Representative(row.get("email", String.class),
                        Optional.ofNullable(row.get("point_of_sale", String.class)).orElse("-"),
                        row.get("organisation", String.class)))
                .one();
    }
}
