package io.sigillum.gateway.issuance.certificate;

import java.nio.ByteBuffer;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Mono;

/** SQL for signed statements: the PDF the applicant signed by SMS code, its digest and the phone the code went to. */
@Repository
class StatementRepository {

    private final DatabaseClient db;

    StatementRepository(DatabaseClient db) {
        this.db = db;
    }

    Mono<Void> keep(UUID application, byte[] pdf, String sha256, String phone) {
        return db.sql("INSERT INTO signed_statement (application_id, pdf, sha256, phone) VALUES (:id, :pdf, :sha, :phone)")
                .bind("id", application).bind("pdf", ByteBuffer.wrap(pdf)).bind("sha", sha256).bind("phone", phone)
                .then();
    }
}
