package io.sigillum.gateway.issuance;

import io.sigillum.gateway.web.ApiException;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import org.springframework.http.HttpStatus;
import org.springframework.context.annotation.DependsOn;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.ReactiveTransactionManager;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs a state transition in one PostgreSQL transaction together with its {@code Idempotency-Key} record, so a retry with
 * the same key (same account) returns the first result instead of transitioning twice, and two concurrent requests with
 * one key serialise on the key's row. Failures are not recorded: a retry after a refusal is evaluated afresh.
 */
@Component
// the schema must be migrated before the first query (and a dead PostgreSQL reported by SchemaMigration, in one line)
@DependsOn("schemaMigration")
public class IdempotentTransitions {

    /** The request header that carries the key. */
    public static final String HEADER = "Idempotency-Key";
    /** The response header set on a replayed answer. */
    public static final String REPLAYED_HEADER = "Idempotent-Replayed";

    private static final Pattern KEY = Pattern.compile("[\\x21-\\x7e]{1,200}");

    private final DatabaseClient db;
    private final TransactionalOperator tx;
    private final JsonMapper json;
    private final IssuanceProperties properties;

    IdempotentTransitions(DatabaseClient db, ReactiveTransactionManager transactions, JsonMapper json,
            IssuanceProperties properties) {
        this.db = db;
        this.tx = TransactionalOperator.create(transactions);
        this.json = json;
        this.properties = properties;
    }

    /** A transition's result, and whether it is the stored answer to an earlier request with the same key. */
    public record Outcome<T>(T result, boolean replayed) {
    }

    /**
     * Runs {@code transition} (a cold Mono) in a transaction; with a key, first claims the key for this account and
     * endpoint or, when it is already claimed, returns the stored result.
     *
     * @param endpoint method and concrete path; the same key on another endpoint is refused with 422
     */
    public <T> Mono<Outcome<T>> run(UUID account, Optional<String> key, String endpoint, Class<T> type,
            Mono<T> transition) {
        if (key.isEmpty()) {
            return transition.map(result -> new Outcome<>(result, false)).as(tx::transactional);
        }
        String idempotencyKey = key.get();
        if (!KEY.matcher(idempotencyKey).matches()) {
            return Mono.error(ApiException.badRequest(HEADER + " must be 1 to 200 visible ASCII characters"));
        }
        return db.sql("""
                        DELETE FROM issuance_idempotency
                        WHERE account_id = :account AND idem_key = :key AND created_at < now() - make_interval(secs => :ttl)""")
                .bind("account", account).bind("key", idempotencyKey)
                .bind("ttl", (double) properties.idempotencyTtl().toSeconds())
                .then()
                .then(db.sql("""
                                INSERT INTO issuance_idempotency (account_id, idem_key, endpoint) VALUES (:account, :key, :endpoint)
                                ON CONFLICT DO NOTHING""")
                        .bind("account", account).bind("key", idempotencyKey).bind("endpoint", endpoint)
                        .fetch().rowsUpdated())
                .flatMap(claimed -> claimed == 1
                        ? transition.flatMap(result -> store(account, idempotencyKey, result)
                                .thenReturn(new Outcome<>(result, false)))
                        : replay(account, idempotencyKey, endpoint, type))
                .as(tx::transactional);
    }

    private Mono<Void> store(UUID account, String key, Object result) {
        return db.sql("UPDATE issuance_idempotency SET response = :response WHERE account_id = :account AND idem_key = :key")
                .bind("response", json.writeValueAsString(result)).bind("account", account).bind("key", key)
                .then();
    }

    private <T> Mono<Outcome<T>> replay(UUID account, String key, String endpoint, Class<T> type) {
        return db.sql("SELECT endpoint, response FROM issuance_idempotency WHERE account_id = :account AND idem_key = :key")
                .bind("account", account).bind("key", key)
                .map(row -> new Stored(row.get("endpoint", String.class), Optional.ofNullable(row.get("response", String.class))))
                .one()
                .flatMap(stored -> {
                    if (!stored.endpoint().equals(endpoint)) {
                        return Mono.error(new ApiException(HttpStatus.UNPROCESSABLE_CONTENT, "idempotency_key_reused",
                                "This " + HEADER + " was used for another request (" + stored.endpoint() + ")"));
                    }
                    return stored.response()
                            .map(body -> Mono.just(new Outcome<>(json.readValue(body, type), true)))
                            .orElseGet(() -> Mono.error(ApiException.conflict("request_in_progress",
                                    "A request with this " + HEADER + " is still being processed", Map.of())));
                });
    }

    private record Stored(String endpoint, Optional<String> response) {
    }
}
