package io.sigillum.gateway.issuance.ecode;

import io.r2dbc.spi.Readable;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.Period;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** SQL for e-codes and their operations. Every status change is a conditional UPDATE, so races have one winner. */
@Repository
class ECodeRepository {

    private static final String VIEW_COLUMNS = """
            e.id, e.code, e.product_id, p.name AS product_name, e.status, e.created_at, e.expires_at, e.handed_out_at,
            e.used_at, e.disposed_at FROM ecode e JOIN product p ON p.id = e.product_id""";

    private final DatabaseClient db;
    private final Clock clock;

    ECodeRepository(DatabaseClient db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    /** A view with its keyset position. */
    record Row(long id, ECodeView view) {
    }

    /** A code's identity and state, for the rules of dispose, hand-out and redemption. */
    record State(long id, UUID organisationId, String productId, ECodeStatus status) {
    }

    /** What a successful redemption used. */
    record Redemption(long id, UUID organisationId, String productId) {
    }

    /**
     * Codes that stay redeemable through the whole last day of their validity in {@code zone}, the day a voucher prints
     * ("by 6 December 2028"): they expire at that day's last microsecond there.
     */
    Flux<Row> insert(UUID organisation, String productId, UUID actor, List<ECode> codes, Period validity, ZoneId zone) {
        String[] values = codes.stream().map(ECode::value).toArray(String[]::new);
        return db.sql("""
                        WITH inserted AS (
                            INSERT INTO ecode (code, organisation_id, product_id, status, created_by, expires_at)
                            SELECT c, :org, :product, 'ACTIVE', :actor,
                                (date_trunc('day', (now() AT TIME ZONE :zone) + make_interval(months => :months, days => :days))
                                    + interval '1 day' - interval '1 microsecond') AT TIME ZONE :zone
                            FROM unnest(CAST(:codes AS text[])) AS c
                            RETURNING *)
                        SELECT\s""" + VIEW_COLUMNS.replace("FROM ecode e", "FROM inserted e") + " ORDER BY e.id DESC")
                .bind("org", organisation).bind("product", productId).bind("actor", actor).bind("zone", zone.getId())
                .bind("months", (int) validity.toTotalMonths()).bind("days", validity.getDays())
                .bind("codes", values)
                .map(this::row).all();
    }

    Mono<Void> recordOperation(UUID organisation, String operation, String productId, int quantity,
            Optional<Long> ecodeId, Optional<UUID> actor) {
        DatabaseClient.GenericExecuteSpec spec = db.sql("""
                        INSERT INTO ecode_operation (organisation_id, operation, product_id, quantity, ecode_id, actor_id)
                        VALUES (:org, :operation, :product, :quantity, :ecode, :actor)""")
                .bind("org", organisation).bind("operation", operation).bind("product", productId)
                .bind("quantity", quantity);
        spec = ecodeId.isPresent() ? spec.bind("ecode", ecodeId.get()) : spec.bindNull("ecode", Long.class);
        spec = actor.isPresent() ? spec.bind("actor", actor.get()) : spec.bindNull("actor", UUID.class);
        return spec.then();
    }

    /** Applies expiry to the organisation's codes past their date, recording each; no cron, so no race with redemption. */
    Mono<Void> expireDue(UUID organisation) {
        return db.sql("""
                        WITH expired AS (
                            UPDATE ecode SET status = 'EXPIRED'
                            WHERE organisation_id = :org AND status = 'ACTIVE' AND expires_at <= now()
                            RETURNING id, organisation_id, product_id)
                        INSERT INTO ecode_operation (organisation_id, operation, product_id, quantity, ecode_id)
                        SELECT organisation_id, 'EXPIRED', product_id, 1, id FROM expired""")
                .bind("org", organisation).then();
    }

    Flux<Row> list(UUID organisation, ECodeQuery query) {
        StringBuilder sql = new StringBuilder("SELECT ").append(VIEW_COLUMNS)
                .append(" WHERE e.organisation_id = :org AND e.status = :status");
        query.codePrefix().ifPresent(prefix -> sql.append(" AND e.code LIKE :prefix"));
        query.productId().ifPresent(product -> sql.append(" AND e.product_id = :product"));
        query.createdFrom().ifPresent(from -> sql.append(" AND e.created_at >= :from"));
        query.createdBefore().ifPresent(before -> sql.append(" AND e.created_at < :before"));
        query.afterId().ifPresent(after -> sql.append(" AND e.id < :after"));
        sql.append(" ORDER BY e.id DESC LIMIT :limit");
        DatabaseClient.GenericExecuteSpec spec = db.sql(sql.toString())
                .bind("org", organisation).bind("status", query.status().name()).bind("limit", query.limit());
        if (query.codePrefix().isPresent()) {
            // the prefix holds alphabet characters only (checked by the caller), so it carries no LIKE wildcards
            spec = spec.bind("prefix", query.codePrefix().get() + "%");
        }
        if (query.productId().isPresent()) {
            spec = spec.bind("product", query.productId().get());
        }
        if (query.createdFrom().isPresent()) {
            spec = spec.bind("from", query.createdFrom().get());
        }
        if (query.createdBefore().isPresent()) {
            spec = spec.bind("before", query.createdBefore().get());
        }
        if (query.afterId().isPresent()) {
            spec = spec.bind("after", query.afterId().get());
        }
        return spec.map(this::row).all();
    }

    Mono<Row> find(UUID organisation, long id) {
        return db.sql("SELECT " + VIEW_COLUMNS + " WHERE e.organisation_id = :org AND e.id = :id")
                .bind("org", organisation).bind("id", id)
                .map(this::row).one();
    }

    /** Marks the code handed out the first time; empty when it was already, or is not ACTIVE. */
    Mono<State> markHandedOut(UUID organisation, long id) {
        return db.sql("""
                        UPDATE ecode SET handed_out_at = now()
                        WHERE organisation_id = :org AND id = :id AND status = 'ACTIVE' AND handed_out_at IS NULL
                        RETURNING id, organisation_id, product_id, status""")
                .bind("org", organisation).bind("id", id)
                .map(ECodeRepository::state).one();
    }

    /** Disposes an ACTIVE, unexpired code; tells whether it had been handed out. */
    Mono<Disposal> dispose(UUID organisation, long id) {
        return db.sql("""
                        UPDATE ecode SET status = 'DISPOSED', disposed_at = now()
                        WHERE organisation_id = :org AND id = :id AND status = 'ACTIVE' AND expires_at > now()
                        RETURNING id, code, organisation_id, product_id, status, handed_out_at IS NOT NULL AS handed_out""")
                .bind("org", organisation).bind("id", id)
                .map(row -> new Disposal(state(row), new ECode(row.get("code", String.class)),
                        Boolean.TRUE.equals(row.get("handed_out", Boolean.class))))
                .one();
    }

    record Disposal(State state, ECode code, boolean handedOut) {
    }

    /** Redeems the code if it is ACTIVE and unexpired: exactly one caller can win. */
    Mono<Redemption> redeem(ECode code, UUID applicant) {
        return db.sql("""
                        UPDATE ecode SET status = 'USED', used_at = now(), used_by = :applicant
                        WHERE code = :code AND status = 'ACTIVE' AND expires_at > now()
                        RETURNING id, organisation_id, product_id""")
                .bind("applicant", applicant).bind("code", code.value())
                .map(row -> new Redemption(row.get("id", Long.class), row.get("organisation_id", UUID.class),
                        row.get("product_id", String.class)))
                .one();
    }

    /** The code's status with expiry applied (an ACTIVE code past its date reads as EXPIRED). */
    Mono<ECodeStatus> effectiveStatus(ECode code) {
        return db.sql("""
                        SELECT CASE WHEN status = 'ACTIVE' AND expires_at <= now() THEN 'EXPIRED' ELSE status END AS status
                        FROM ecode WHERE code = :code""")
                .bind("code", code.value())
                .map(row -> ECodeStatus.valueOf(row.get("status", String.class))).one();
    }

    Flux<OperationRow> operations(UUID organisation, Optional<Long> beforeId, int limit) {
        String sql = """
                SELECT o.id, o.operation, o.product_id, o.quantity, e.code, a.email, o.at
                FROM ecode_operation o LEFT JOIN ecode e ON e.id = o.ecode_id LEFT JOIN user_account a ON a.id = o.actor_id
                WHERE o.organisation_id = :org""" + (beforeId.isPresent() ? " AND o.id < :before" : "")
                + " ORDER BY o.id DESC LIMIT :limit";
        DatabaseClient.GenericExecuteSpec spec = db.sql(sql).bind("org", organisation).bind("limit", limit);
        if (beforeId.isPresent()) {
            spec = spec.bind("before", beforeId.get());
        }
        return spec.map(row -> new OperationRow(row.get("id", Long.class), new OperationView(
                        row.get("operation", String.class), row.get("product_id", String.class),
                        row.get("quantity", Integer.class),
                        Optional.ofNullable(row.get("code", String.class)).map(c -> new ECode(c).grouped()),
                        Optional.ofNullable(row.get("email", String.class)), row.get("at", Instant.class))))
                .all();
    }

    record OperationRow(long id, OperationView view) {
    }

    private static State state(Readable row) {
        return new State(row.get("id", Long.class), row.get("organisation_id", UUID.class),
                row.get("product_id", String.class), ECodeStatus.valueOf(row.get("status", String.class)));
    }

    /** A row as listed; expiry is applied on read, by the clock. */
    private Row row(Readable row) {
        Instant expiresAt = row.get("expires_at", Instant.class);
        Instant now = clock.instant();
        ECodeStatus status = ECodeStatus.valueOf(row.get("status", String.class));
        if (status == ECodeStatus.ACTIVE && !now.isBefore(expiresAt)) {
            status = ECodeStatus.EXPIRED;
        }
        // only a code that can still be redeemed has days left: a used or disposed one has none
        long daysLeft = status == ECodeStatus.ACTIVE ? Duration.between(now, expiresAt).toDays() : 0;
        long id = row.get("id", Long.class);
        return new Row(id, new ECodeView(id, new ECode(row.get("code", String.class)).grouped(),
                row.get("product_id", String.class), row.get("product_name", String.class), status,
                row.get("created_at", Instant.class), expiresAt, daysLeft,
                Optional.ofNullable(row.get("handed_out_at", Instant.class)),
                Optional.ofNullable(row.get("used_at", Instant.class)),
                Optional.ofNullable(row.get("disposed_at", Instant.class))));
    }
}
