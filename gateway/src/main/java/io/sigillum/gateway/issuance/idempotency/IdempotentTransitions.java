package io.sigillum.gateway.issuance.idempotency;

import io.sigillum.gateway.issuance.IssuanceProperties;
import io.sigillum.gateway.web.ApiException;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Answers a retry of a state transition that carries the same {@code Idempotency-Key} (same account) with the first
 * result, marked {@code Idempotent-Replayed: true}, instead of transitioning twice. Failures are not recorded: a retry
 * after a refusal is evaluated afresh. The transition owns its transaction; the key's record joins it, so both commit or
 * neither, and two concurrent requests with one key serialise on the key's row.
 */
@Component
public class IdempotentTransitions {

    /** The response header saying whether the answer is the stored one of an earlier request. */
    public static final String REPLAYED_HEADER = "Idempotent-Replayed";

    private final DatabaseClient db;
    private final TransactionalOperator tx;
    private final JsonMapper json;
    private final IssuanceProperties properties;

    IdempotentTransitions(DatabaseClient db, TransactionalOperator tx, JsonMapper json, IssuanceProperties properties) {
        this.db = db;
        this.tx = tx;
        this.json = json;
        this.properties = properties;
    }

    /** 200 with the transition's result; see {@link #respond}. */
    public <T> Mono<ResponseEntity<T>> ok(UUID account, IdempotentRequest request, Class<T> type,
            Supplier<Mono<T>> transition) {
        return respond(account, request, type, result -> ResponseEntity.ok(), transition);
    }

    /**
     * Runs {@code transition} once per key: with a key, first claims it for this account and endpoint or, when it is
     * already answered, replays the stored result (422 when the key was used on another endpoint or with another body).
     *
     * @param response the status and headers of the answer to a result (a replay gets the same)
     */
    public <T> Mono<ResponseEntity<T>> respond(UUID account, IdempotentRequest request, Class<T> type,
            Function<T, ResponseEntity.BodyBuilder> response, Supplier<Mono<T>> transition) {
        return atomically(account, request, type, Mono.defer(transition)).map(outcome -> entity(outcome, response));
    }

    /**
     * As {@link #ok}, for a transition that must not run inside one transaction because it does slow work between its
     * own short transactions (the certificate's key generation in the HSM). A stored answer is replayed first; otherwise
     * the key is claimed (its row, without an answer yet), the transition runs, and its result is recorded afterwards.
     * The transition itself must refuse to run twice at once; when it refuses because a twin request with the same key
     * has meanwhile answered, that answer is replayed. And when it refuses because it has already happened, under a key
     * an earlier request had claimed but never answered (the gateway stopped between the transition's last commit and
     * the answer's), {@code finished} — the state the transition leads to, if it is there — is the answer, and recorded.
     *
     * @param finished the transition's result as it stands now that it has happened; empty while it has not
     */
    public <T> Mono<ResponseEntity<T>> okAfterOwnTransactions(UUID account, IdempotentRequest request, Class<T> type,
            Supplier<Mono<T>> transition, Supplier<Mono<T>> finished) {
        Mono<Outcome<T>> outcome = request.key().map(key -> replay(account, key, request, type)
                        .switchIfEmpty(Mono.defer(() -> claim(account, key, request).flatMap(first -> Mono.defer(transition)
                                .map(result -> new Outcome<>(result, false))
                                .onErrorResume(failure -> replay(account, key, request, type)
                                        .switchIfEmpty(first ? Mono.empty() : Mono.defer(finished)
                                                .map(result -> new Outcome<>(result, true)))
                                        .switchIfEmpty(Mono.error(failure)))
                                .flatMap(done -> store(account, key, done.result()).thenReturn(done))))))
                .orElseGet(() -> Mono.defer(transition).map(result -> new Outcome<>(result, false)));
        return outcome.map(done -> entity(done, result -> ResponseEntity.ok()));
    }

    private <T> Mono<Outcome<T>> atomically(UUID account, IdempotentRequest request, Class<T> type, Mono<T> transition) {
        if (request.key().isEmpty()) {
            return transition.map(result -> new Outcome<>(result, false));
        }
        IdempotencyKey key = request.key().get();
        return claim(account, key, request)
                .flatMap(claimed -> claimed
                        ? transition.flatMap(result -> store(account, key, result).thenReturn(new Outcome<>(result, false)))
                        : replay(account, key, request, type)
                                .switchIfEmpty(Mono.error(() -> ApiException.conflict("request_in_progress",
                                        "A request with this " + IdempotencyKey.HEADER + " is still being processed",
                                        Map.of()))))
                .as(tx::transactional);
    }

    /** Inserts the key's row unless there is one (an expired one is dropped first); true when this request owns it. */
    private Mono<Boolean> claim(UUID account, IdempotencyKey key, IdempotentRequest request) {
        return db.sql("""
                        DELETE FROM issuance_idempotency
                        WHERE account_id = :account AND idem_key = :key AND created_at < now() - make_interval(secs => :ttl)""")
                .bind("account", account).bind("key", key.value())
                .bind("ttl", ttlSeconds())
                .then()
                .then(db.sql("""
                                INSERT INTO issuance_idempotency (account_id, idem_key, endpoint, body_sha256)
                                VALUES (:account, :key, :endpoint, :body) ON CONFLICT DO NOTHING""")
                        .bind("account", account).bind("key", key.value()).bind("endpoint", request.endpoint())
                        .bind("body", request.bodySha256())
                        .fetch().rowsUpdated())
                .map(inserted -> inserted == 1);
    }

    private Mono<Void> store(UUID account, IdempotencyKey key, Object result) {
        return db.sql("UPDATE issuance_idempotency SET response = :response WHERE account_id = :account AND idem_key = :key")
                .bind("response", json.writeValueAsString(result)).bind("account", account).bind("key", key.value())
                .then();
    }

    /**
     * The stored answer to this key, if there is one; 422 when the key was used for another endpoint or with another
     * body (a row from before bodies were fingerprinted matches any body).
     */
    private <T> Mono<Outcome<T>> replay(UUID account, IdempotencyKey key, IdempotentRequest request, Class<T> type) {
        return db.sql("""
                        SELECT endpoint, body_sha256, response FROM issuance_idempotency
                        WHERE account_id = :account AND idem_key = :key AND created_at >= now() - make_interval(secs => :ttl)""")
                .bind("account", account).bind("key", key.value()).bind("ttl", ttlSeconds())
                .map(row -> new Stored(row.get("endpoint", String.class),
                        Optional.ofNullable(row.get("body_sha256", String.class)),
                        Optional.ofNullable(row.get("response", String.class))))
                .one()
                .flatMap(stored -> {
                    if (!stored.endpoint().equals(request.endpoint())) {
                        return Mono.error(reused("for another request (" + stored.endpoint() + ")"));
                    }
                    if (stored.bodySha256().filter(body -> !body.equals(request.bodySha256())).isPresent()) {
                        return Mono.error(reused("with another body: a retry must send the same one"));
                    }
                    return Mono.justOrEmpty(stored.response()).map(body -> new Outcome<>(json.readValue(body, type), true));
                });
    }

    private static ApiException reused(String how) {
        return new ApiException(HttpStatus.UNPROCESSABLE_CONTENT, "idempotency_key_reused",
                "This " + IdempotencyKey.HEADER + " was used " + how);
    }

    private double ttlSeconds() {
        return properties.idempotencyTtl().toSeconds();
    }

    private static <T> ResponseEntity<T> entity(Outcome<T> outcome, Function<T, ResponseEntity.BodyBuilder> response) {
        return response.apply(outcome.result()).header(REPLAYED_HEADER, Boolean.toString(outcome.replayed()))
                .body(outcome.result());
    }

    private record Outcome<T>(T result, boolean replayed) {
    }

    private record Stored(String endpoint, Optional<String> bodySha256, Optional<String> response) {
    }
}
