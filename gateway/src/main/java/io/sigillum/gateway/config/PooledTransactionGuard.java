package io.sigillum.gateway.config;

import io.r2dbc.spi.Batch;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.ConnectionFactoryMetadata;
import io.r2dbc.spi.ConnectionMetadata;
import io.r2dbc.spi.IsolationLevel;
import io.r2dbc.spi.Lifecycle;
import io.r2dbc.spi.Result;
import io.r2dbc.spi.Statement;
import io.r2dbc.spi.TransactionDefinition;
import io.r2dbc.spi.ValidationDepth;
import io.r2dbc.spi.Wrapped;
import java.time.Duration;
import org.reactivestreams.Publisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.r2dbc.ConnectionFactoryDecorator;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Keeps a transaction that a cancelled request left behind from reaching the next user of its pooled connection.
 *
 * <p>A request cancelled while its {@code BEGIN} waits for a frozen PostgreSQL (its deadline passed) gives its
 * connection back to the pool at once; the pool's clean-up then finds no transaction to roll back, since the server has
 * not yet answered the {@code BEGIN}. When the server thaws, the {@code BEGIN} runs and the connection sits in the pool
 * inside a transaction: the single statements of whoever takes it next would run in it, answered as done but not
 * committed, and the next rollback on it would undo them. So each connection, as it is taken from the pool, rolls back
 * a transaction it is found in (nothing ran in it since the pool had it); and as it is given back, a transaction its
 * user did not begin, which holds that user's own single statements, is committed as they were meant to be — one its
 * user did begin and left open is rolled back. A connection in no transaction, always the case but after such a
 * cancellation, costs no round trip either way.
 */
@Component
class PooledTransactionGuard implements ConnectionFactoryDecorator {

    private static final Logger log = LoggerFactory.getLogger(PooledTransactionGuard.class);
    private static final Duration IDLE_IN_TRANSACTION = Duration.ofMinutes(1);

    private final Duration beginDeadline;

    PooledTransactionGuard(StoreProperties stores) {
        this.beginDeadline = stores.timeout();
    }

    @Override
    public ConnectionFactory decorate(ConnectionFactory connections) {
        return new GuardedFactory(connections, beginDeadline);
    }

    private record GuardedFactory(ConnectionFactory delegate, Duration beginDeadline)
            implements ConnectionFactory, Wrapped<ConnectionFactory> {

        /**
         * A new connection, on which PostgreSQL itself ends a session left idle inside a transaction for a minute (no
         * request of the gateway's lives that long): one left by a cancelled request and not taken again since is
         * closed rather than kept, and the pool replaces it when it next looks.
         */
        @Override
        public Publisher<? extends Connection> create() {
            return Mono.from(delegate.create()).flatMap(connection -> Flux.from(connection.createStatement(
                                    "SET idle_in_transaction_session_timeout = '" + IDLE_IN_TRANSACTION.toSeconds() + "s'")
                            .execute()).flatMap(Result::getRowsUpdated).then()
                    .thenReturn(new GuardedConnection(connection, beginDeadline)));
        }

        @Override
        public ConnectionFactoryMetadata getMetadata() {
            return delegate.getMetadata();
        }

        @Override
        public ConnectionFactory unwrap() {
            return delegate;
        }
    }

    /** One pooled connection, which knows whether its current user began a transaction. */
    static final class GuardedConnection implements Connection, Lifecycle, Wrapped<Connection> {

        private final Connection delegate;
        private final Duration beginDeadline;
        /** Whether the current user began a transaction (reset when the pool hands the connection out). */
        private volatile boolean begun;

        GuardedConnection(Connection delegate, Duration beginDeadline) {
            this.delegate = delegate;
            this.beginDeadline = beginDeadline;
        }

        @Override
        public Publisher<Void> postAllocate() {
            begun = false;
            // a connection PostgreSQL has closed meanwhile fails the pool's validation next, which replaces it
            return delegate.isAutoCommit() ? Mono.empty() : Mono.defer(() -> {
                log.warn("A pooled connection was inside a transaction that a cancelled request began; rolled back");
                return run("ROLLBACK").onErrorResume(closed -> Mono.empty());
            });
        }

        @Override
        public Publisher<Void> preRelease() {
            if (delegate.isAutoCommit()) {
                return Mono.empty();
            }
            // the pool has already rolled back what a transaction begun by this user left open; one still open here
            // was begun by another, and holds this user's single statements
            return Mono.defer(() -> {
                log.warn("Statements ran inside a transaction that a cancelled request began; {}",
                        begun ? "rolled back" : "committed, as single statements are");
                return run(begun ? "ROLLBACK" : "COMMIT");
            });
        }

        /**
         * A {@code BEGIN} has the store deadline, as every statement does: past it the request fails (503) rather than
         * waiting out its whole deadline for a frozen server, and the guard above deals with the {@code BEGIN} left.
         */
        @Override
        public Publisher<Void> beginTransaction() {
            return Mono.from(delegate.beginTransaction()).doOnSubscribe(subscription -> begun = true).timeout(beginDeadline);
        }

        @Override
        public Publisher<Void> beginTransaction(TransactionDefinition definition) {
            return Mono.from(delegate.beginTransaction(definition)).doOnSubscribe(subscription -> begun = true)
                    .timeout(beginDeadline);
        }

        private Mono<Void> run(String sql) {
            return Flux.from(delegate.createStatement(sql).execute()).flatMap(Result::getRowsUpdated).then();
        }

        @Override
        public Publisher<Void> close() {
            return delegate.close();
        }

        @Override
        public Publisher<Void> commitTransaction() {
            return delegate.commitTransaction();
        }

        @Override
        public Batch createBatch() {
            return delegate.createBatch();
        }

        @Override
        public Publisher<Void> createSavepoint(String name) {
            return delegate.createSavepoint(name);
        }

        @Override
        public Statement createStatement(String sql) {
            return delegate.createStatement(sql);
        }

        @Override
        public boolean isAutoCommit() {
            return delegate.isAutoCommit();
        }

        @Override
        public ConnectionMetadata getMetadata() {
            return delegate.getMetadata();
        }

        @Override
        public IsolationLevel getTransactionIsolationLevel() {
            return delegate.getTransactionIsolationLevel();
        }

        @Override
        public Publisher<Void> releaseSavepoint(String name) {
            return delegate.releaseSavepoint(name);
        }

        @Override
        public Publisher<Void> rollbackTransaction() {
            return delegate.rollbackTransaction();
        }

        @Override
        public Publisher<Void> rollbackTransactionToSavepoint(String name) {
            return delegate.rollbackTransactionToSavepoint(name);
        }

        @Override
        public Publisher<Void> setAutoCommit(boolean autoCommit) {
            return delegate.setAutoCommit(autoCommit);
        }

        @Override
        public Publisher<Void> setLockWaitTimeout(Duration timeout) {
            return delegate.setLockWaitTimeout(timeout);
        }

        @Override
        public Publisher<Void> setStatementTimeout(Duration timeout) {
            return delegate.setStatementTimeout(timeout);
        }

        @Override
        public Publisher<Void> setTransactionIsolationLevel(IsolationLevel level) {
            return delegate.setTransactionIsolationLevel(level);
        }

        @Override
        public Publisher<Boolean> validate(ValidationDepth depth) {
            return delegate.validate(depth);
        }

        @Override
        public Connection unwrap() {
            return delegate;
        }
    }
}
