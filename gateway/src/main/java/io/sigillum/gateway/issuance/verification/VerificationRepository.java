package io.sigillum.gateway.issuance.verification;

import io.r2dbc.spi.Readable;
import io.sigillum.gateway.issuance.product.VerificationMethod;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** SQL for verification attempts, webhook de-duplication, video bookings and refund requests. */
@Repository
class VerificationRepository {

    private static final String COLUMNS = "id, application_id, method, attempt, status, reference, link, outcome, "
            + "created_at, decided_at, transfer_accepted_at";

    private final DatabaseClient db;

    VerificationRepository(DatabaseClient db) {
        this.db = db;
    }

    /**
     * One verification attempt.
     *
     * @param transferAccepted when the attempt's verification transfer was accepted (the transfer method only): from
     *     then on, the attempt waits for the document's reading
     */
    record Attempt(UUID id, UUID applicationId, VerificationMethod method, int attempt, Status status, String reference,
            Optional<String> link, Optional<String> outcome, Instant createdAt, Optional<Instant> decidedAt,
            Optional<Instant> transferAccepted) {

        /** Whether the attempt waits for a transfer: the transfer method's, until one is accepted. */
        boolean awaitsTransfer() {
            return method == VerificationMethod.BANK_TRANSFER && transferAccepted.isEmpty();
        }

        /** Whether the vendor's reading of the document decides it: self-identification, or a transfer's second stage. */
        boolean awaitsDocumentReading() {
            return method == VerificationMethod.MOBILE_SELF_ID
                    || method == VerificationMethod.BANK_TRANSFER && transferAccepted.isPresent();
        }
    }

    /** Where an attempt stands. */
    enum Status { PENDING, HELD, POSITIVE, NEGATIVE }

    Mono<Attempt> open(UUID application, VerificationMethod method, String reference, @Nullable String link) {
        var spec = db.sql("""
                        INSERT INTO identity_verification (application_id, method, attempt, status, reference, link)
                        VALUES (:application, :method,
                                (SELECT count(*) + 1 FROM identity_verification WHERE application_id = :application),
                                'PENDING', :reference, :link)
                        """ + " RETURNING " + COLUMNS)
                .bind("application", application).bind("method", method.name()).bind("reference", reference);
        return (link == null ? spec.bindNull("link", String.class) : spec.bind("link", link))
                .map(VerificationRepository::attempt).one();
    }

    Mono<Integer> attempts(UUID application) {
        return db.sql("SELECT count(*)::int AS n FROM identity_verification WHERE application_id = :application")
                .bind("application", application).map(row -> row.get("n", Integer.class)).one();
    }

    Mono<Attempt> latest(UUID application) {
        return db.sql("SELECT " + COLUMNS + " FROM identity_verification WHERE application_id = :application "
                        + "ORDER BY attempt DESC LIMIT 1")
                .bind("application", application).map(VerificationRepository::attempt).one();
    }

    Mono<Attempt> byReference(String reference) {
        return db.sql("SELECT " + COLUMNS + " FROM identity_verification WHERE reference = :reference")
                .bind("reference", reference).map(VerificationRepository::attempt).one();
    }

    /**
     * As {@link #byReference}, the row locked for the rest of the caller's transaction: events for one attempt that
     * arrive together are applied one after the other, each seeing what the one before decided.
     */
    Mono<Attempt> lockByReference(String reference) {
        return db.sql("SELECT " + COLUMNS + " FROM identity_verification WHERE reference = :reference FOR UPDATE")
                .bind("reference", reference).map(VerificationRepository::attempt).one();
    }

    /** The attempt's transfer accepted: it goes on with the self-identification session at {@code link}. */
    Mono<Void> acceptTransfer(UUID attempt, String link) {
        return db.sql("UPDATE identity_verification SET transfer_accepted_at = now(), link = :link WHERE id = :id")
                .bind("id", attempt).bind("link", link).then();
    }

    Mono<Void> decide(UUID attempt, Status status, @Nullable String outcome, @Nullable String documentJson) {
        var spec = db.sql("""
                        UPDATE identity_verification SET status = :status, outcome = :outcome,
                            document = COALESCE(CAST(:document AS jsonb), document),
                            decided_at = CASE WHEN :status IN ('POSITIVE', 'NEGATIVE') THEN now() ELSE NULL END
                        WHERE id = :id""")
                .bind("id", attempt).bind("status", status.name());
        spec = outcome == null ? spec.bindNull("outcome", String.class) : spec.bind("outcome", outcome);
        spec = documentJson == null ? spec.bindNull("document", String.class) : spec.bind("document", documentJson);
        return spec.then();
    }

    /** Records a webhook event; false when it was seen before (a replay). */
    Mono<Boolean> firstDelivery(String source, String eventId) {
        return db.sql("INSERT INTO webhook_event (source, event_id) VALUES (:source, :event) ON CONFLICT DO NOTHING")
                .bind("source", source).bind("event", eventId).fetch().rowsUpdated().map(n -> n == 1);
    }

    /** Books a slot; false when it is taken (the primary key decides between concurrent bookings). */
    Mono<Boolean> book(OffsetDateTime slot, UUID application) {
        return db.sql("INSERT INTO video_booking (slot_start, application_id) VALUES (:slot, :application) "
                        + "ON CONFLICT DO NOTHING")
                .bind("slot", slot).bind("application", application).fetch().rowsUpdated().map(n -> n == 1);
    }

    Mono<Void> releaseBooking(UUID application) {
        return db.sql("DELETE FROM video_booking WHERE application_id = :application")
                .bind("application", application).then();
    }

    Flux<Instant> booked(Instant from, Instant to) {
        return db.sql("SELECT slot_start FROM video_booking WHERE slot_start >= :from AND slot_start < :to")
                .bind("from", from.atOffset(java.time.ZoneOffset.UTC)).bind("to", to.atOffset(java.time.ZoneOffset.UTC))
                .map(row -> row.get("slot_start", OffsetDateTime.class).toInstant()).all();
    }

    Mono<Instant> bookingOf(UUID application) {
        return db.sql("SELECT slot_start FROM video_booking WHERE application_id = :application")
                .bind("application", application)
                .map(row -> row.get("slot_start", OffsetDateTime.class).toInstant()).one();
    }

    Mono<Void> requestRefund(UUID application, String reason) {
        return db.sql("INSERT INTO refund_request (application_id, reason) VALUES (:application, :reason) "
                        + "ON CONFLICT DO NOTHING")
                .bind("application", application).bind("reason", reason).then();
    }

    private static Attempt attempt(Readable row) {
        return new Attempt(row.get("id", UUID.class), row.get("application_id", UUID.class),
                VerificationMethod.valueOf(row.get("method", String.class)), row.get("attempt", Integer.class),
                Status.valueOf(row.get("status", String.class)), row.get("reference", String.class),
                Optional.ofNullable(row.get("link", String.class)), Optional.ofNullable(row.get("outcome", String.class)),
                row.get("created_at", Instant.class), Optional.ofNullable(row.get("decided_at", Instant.class)),
                Optional.ofNullable(row.get("transfer_accepted_at", Instant.class)));
    }
}
