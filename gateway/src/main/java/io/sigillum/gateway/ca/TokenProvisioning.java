package io.sigillum.gateway.ca;

import io.sigillum.gateway.config.StartupFailure;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.util.retry.Retry;

/**
 * One gateway instance at a time makes development keys in a token that several share: the others wait for it, then
 * find and load what it made instead of making a second key under the same alias (a token does not refuse one). The
 * instances share their PostgreSQL, so a transaction-scoped advisory lock there is the mutex; it is tried every 100 ms
 * rather than waited on, so that no statement outlives the stores' deadline. Start-up only: it blocks.
 */
@Component
final class TokenProvisioning {

    private static final long LOCK = 0x5161_0003L;
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Duration TRY_EVERY = Duration.ofMillis(100);

    private final DatabaseClient db;
    private final TransactionalOperator transactions;

    TokenProvisioning(DatabaseClient db, TransactionalOperator transactions) {
        this.db = db;
        this.transactions = transactions;
    }

    /** Runs {@code work} while no other instance runs its own; it should look again for what it would make first. */
    <T> T exclusively(Callable<T> work) {
        Mono<Void> locked = db.sql("SELECT pg_try_advisory_xact_lock(" + LOCK + ") AS taken")
                .map(row -> Boolean.TRUE.equals(row.get("taken", Boolean.class))).one()
                .flatMap(taken -> taken ? Mono.<Void>empty() : Mono.error(new TakenElsewhere()))
                .retryWhen(Retry.fixedDelay(WAIT.dividedBy(TRY_EVERY), TRY_EVERY).filter(TakenElsewhere.class::isInstance)
                        .onRetryExhaustedThrow((spec, signal) -> new StartupFailure("Another gateway instance has been making "
                                + "the development keys in the token for " + WAIT.toSeconds() + " s; start this one again "
                                + "when it has started")));
        return transactions.transactional(locked.then(Mono.fromCallable(work).subscribeOn(Schedulers.boundedElastic())))
                .block(WAIT.multipliedBy(2));
    }

    /** The lock is held by another instance's transaction. */
    private static final class TakenElsewhere extends RuntimeException {
        TakenElsewhere() {
            super(null, null, false, false);
        }
    }
}
