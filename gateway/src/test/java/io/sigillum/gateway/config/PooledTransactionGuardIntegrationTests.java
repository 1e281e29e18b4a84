package io.sigillum.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.pool.ConnectionPoolConfiguration;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.Result;
import io.r2dbc.spi.Wrapped;
import io.sigillum.gateway.support.IntegrationTest;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A request cancelled while its BEGIN waits for the server (here: behind a slow statement, as behind a frozen server)
 * leaves that BEGIN to run after its connection is back in the pool. The guard keeps the transaction it opens from the
 * connection's next users: their single statements are committed, and a connection taken from the pool inside such a
 * transaction is rolled back first. Over a pool of one connection, so each step takes the same one.
 */
class PooledTransactionGuardIntegrationTests extends IntegrationTest {

    @Autowired
    ConnectionFactory applicationConnections;
    @Autowired
    PooledTransactionGuard guard;

    private ConnectionFactory raw;
    private ConnectionPool pool;
    private String table;

    @BeforeEach
    void poolOfOne() {
        // the application's pool over the guard over the driver's factory
        ConnectionFactory guarded = unwrap(applicationConnections);
        assertThat(guarded.getClass().getName()).contains("PooledTransactionGuard");
        raw = unwrap(guarded);
        pool = new ConnectionPool(ConnectionPoolConfiguration.builder(guard.decorate(raw)).initialSize(1).maxSize(1).build());
        table = "guard_probe_" + UUID.randomUUID().toString().replace("-", "");
        execute(raw, "CREATE TABLE " + table + " (n integer)");
    }

    @AfterEach
    void dropIt() {
        pool.dispose();
        execute(raw, "DROP TABLE " + table);
    }

    @Test
    void aSingleStatementAfterACancelledBeginIsCommitted() throws Exception {
        cancelABeginBehindASlowStatement(Duration.ofMillis(600));

        // taken while the left BEGIN still waits: the insert runs inside its transaction
        Connection next = Mono.from(pool.create()).block();
        run(next, "INSERT INTO " + table + " VALUES (1)").block();
        Mono.from(next.close()).block();

        assertThat(count(raw)).as("the insert, seen from another connection").isEqualTo(1);
    }

    @Test
    void aConnectionLeftInsideATransactionIsRolledBackBeforeItIsHandedOut() throws Exception {
        cancelABeginBehindASlowStatement(Duration.ofMillis(200));
        Thread.sleep(600); // the BEGIN has run; the connection waits in the pool inside its transaction

        Connection next = Mono.from(pool.create()).block();
        assertThat(next.isAutoCommit()).isTrue();
        run(next, "INSERT INTO " + table + " VALUES (2)").block();
        Mono.from(next.close()).block();
        assertThat(count(raw)).isEqualTo(1);
    }

    /** PostgreSQL itself closes a session left idle inside a transaction that nobody takes from the pool again. */
    @Test
    void theServerEndsASessionLeftIdleInATransactionAfterAMinute() {
        String setting = Mono.usingWhen(pool.create(),
                c -> Mono.from(c.createStatement("SHOW idle_in_transaction_session_timeout").execute())
                        .flatMap(result -> Mono.from(result.map((row, meta) -> row.get(0, String.class)))),
                Connection::close).block();
        assertThat(setting).isEqualTo("1min");
    }

    /** A user sends a slow statement, then a BEGIN, is cancelled while the BEGIN waits, and gives the connection back. */
    private void cancelABeginBehindASlowStatement(Duration slow) throws InterruptedException {
        Connection first = Mono.from(pool.create()).block();
        Flux.from(first.createStatement("SELECT pg_sleep(" + slow.toMillis() / 1000.0 + ")").execute())
                .flatMap(Result::getRowsUpdated).subscribe();
        Disposable begin = Mono.from(first.beginTransaction()).subscribe();
        Thread.sleep(50);
        begin.dispose();
        Mono.from(first.close()).block();
    }

    private long count(ConnectionFactory connections) {
        return Mono.usingWhen(connections.create(),
                c -> Mono.from(c.createStatement("SELECT count(*) AS n FROM " + table).execute())
                        .flatMap(result -> Mono.from(result.map((row, meta) -> row.get("n", Long.class)))),
                Connection::close).block();
    }

    private static void execute(ConnectionFactory connections, String sql) {
        Mono.usingWhen(connections.create(), c -> run(c, sql), Connection::close).block();
    }

    private static Mono<Void> run(Connection connection, String sql) {
        return Flux.from(connection.createStatement(sql).execute()).flatMap(Result::getRowsUpdated).then();
    }

    @SuppressWarnings("unchecked")
    private static ConnectionFactory unwrap(ConnectionFactory factory) {
        return ((Wrapped<ConnectionFactory>) factory).unwrap();
    }
}
