package io.sigillum.gateway.audit;

import io.sigillum.gateway.admission.StoreGate;
import io.sigillum.gateway.web.ApiException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;

/**
 * The audit log. {@link #record} completes only once the record is committed, so a caller can make a signature's
 * release depend on it. Records are group-committed: while one transaction runs, new records queue (bounded), and the
 * next transaction takes them all; each transaction extends the hash chain under a row lock on the chain head, which
 * also orders writers across gateway instances.
 */
@Service
public class AuditLog {

    private final DatabaseClient db;
    private final TransactionalOperator transactions;
    private final AuditProperties properties;
    private final Queue<Pending> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger pending = new AtomicInteger();
    private final AtomicBoolean writing = new AtomicBoolean();
    /** When the running commit started ({@link System#nanoTime}), 0 while none runs. */
    private volatile long commitStartedAt;
    /** Closed after a failed commit until a commit or a probe succeeds. */
    private final StoreGate gate;

    AuditLog(DatabaseClient db, TransactionalOperator transactions, AuditProperties properties) {
        this.db = db;
        this.transactions = transactions;
        this.properties = properties;
        // the probe takes the chain head's lock in a transaction, as a commit does
        this.gate = new StoreGate(() -> transactions.transactional(
                db.sql("SELECT last_seq FROM audit_chain_head WHERE id = 1 FOR UPDATE").fetch().first()),
                properties.commitDeadline());
    }

    public Mono<Void> record(AuditEntry entry) {
        return Mono.create(sink -> {
            if (pending.incrementAndGet() > properties.maxPending()) {
                pending.decrementAndGet();
                sink.error(ApiException.unavailable("The audit log is saturated; retry shortly", Duration.ofSeconds(1)));
                return;
            }
            queue.add(new Pending(entry, sink));
            drain();
        });
    }

    /**
     * Whether a new signature may be started: false while a commit has run longer than {@code stallAfter}, and after a
     * failed commit until one succeeds again — PostgreSQL is then frozen or gone, and a signature made now could not be
     * released. While failing, each call starts (at most one at a time) a probe that takes the chain head's lock in a
     * transaction, so the log reopens as soon as PostgreSQL answers again, without risking a single SAD to find out.
     * Callers ask before spending a SAD.
     */
    public boolean accepting() {
        long started = commitStartedAt;
        if (started != 0 && System.nanoTime() - started > properties.stallAfter().toNanos()) {
            return false;
        }
        return gate.open();
    }

    private void drain() {
        while (!queue.isEmpty() && writing.compareAndSet(false, true)) {
            List<Pending> batch = new ArrayList<>();
            for (Pending next; batch.size() < properties.maxBatch() && (next = queue.poll()) != null; ) {
                batch.add(next);
            }
            pending.addAndGet(-batch.size());
            if (batch.isEmpty()) {
                writing.set(false);
                continue;
            }
            commitStartedAt = System.nanoTime() | 1;
            // while PostgreSQL is not answering, queued records fail at once rather than each batch waiting out a deadline
            Mono<Void> commit = gate.open() ? write(batch) : Mono.error(ApiException.unavailable(
                    "The audit log cannot commit now; nothing was released", Duration.ofSeconds(1)));
            commit
                    .timeout(properties.commitDeadline(), Mono.error(() -> ApiException.unavailable(
                            "The audit log could not commit in time; nothing was released", Duration.ofSeconds(1))))
                    .subscribe(
                    ignored -> { },
                    failure -> finish(batch, failure),
                    () -> finish(batch, null));
            return;
        }
    }

    private void finish(List<Pending> batch, Throwable failure) {
        commitStartedAt = 0;
        if (failure == null) {
            gate.answered();
        } else {
            gate.failed();
        }
        // release the writer first: completing a sink runs the caller's continuation on this thread
        writing.set(false);
        drain();
        for (Pending p : batch) {
            if (failure == null) {
                p.sink().success();
            } else {
                p.sink().error(failure);
            }
        }
    }

    private Mono<Void> write(List<Pending> batch) {
        Mono<Void> work = db.sql("SELECT last_seq, last_hash FROM audit_chain_head WHERE id = 1 FOR UPDATE")
                .map(row -> new Head(row.get("last_seq", Long.class), row.get("last_hash", String.class)))
                .one()
                .flatMap(head -> insert(head, batch));
        return transactions.transactional(work);
    }

    private Mono<Void> insert(Head head, List<Pending> batch) {
        int n = batch.size();
        Long[] seq = new Long[n];
        String[] at = new String[n];
        String[][] columns = new String[9][n];
        String previous = head.lastHash();
        long next = head.lastSeq();
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        for (int i = 0; i < n; i++) {
            AuditEntry e = batch.get(i).entry();
            seq[i] = ++next;
            at[i] = now.toString();
            String hash = AuditChain.hash(previous, next, now, e);
            String[] values = {e.operation(), e.platform(), e.credentialId(), e.userId(), e.sadId(), e.hashAlgorithm(),
                    String.join(",", e.hashes()), e.result(), previous};
            for (int c = 0; c < values.length; c++) {
                columns[c][i] = values[c];
            }
            previous = hash;
            batch.set(i, batch.get(i).withHash(hash));
        }
        String[] hashes = batch.stream().map(Pending::hash).toArray(String[]::new);
        return db.sql("INSERT INTO audit_record (seq, recorded_at, operation, platform, credential_id, user_id, sad_id, "
                        + "hash_algorithm, hashes, result, prev_hash, record_hash) "
                        + "SELECT * FROM unnest(:seq::bigint[], :at::timestamptz[], :op::text[], :platform::text[], "
                        + ":credential::text[], :user::text[], :sad::text[], :alg::text[], :hashes::text[], :result::text[], "
                        + ":prev::text[], :hash::text[])")
                .bind("seq", seq).bind("at", at).bind("op", columns[0]).bind("platform", columns[1])
                .bind("credential", columns[2]).bind("user", columns[3]).bind("sad", columns[4]).bind("alg", columns[5])
                .bind("hashes", columns[6]).bind("result", columns[7]).bind("prev", columns[8]).bind("hash", hashes)
                .then()
                .then(db.sql("UPDATE audit_chain_head SET last_seq = :seq, last_hash = :hash WHERE id = 1")
                        .bind("seq", next).bind("hash", previous).then());
    }

    private record Head(long lastSeq, String lastHash) {
    }

    private record Pending(AuditEntry entry, MonoSink<Void> sink, String hash) {
        Pending(AuditEntry entry, MonoSink<Void> sink) {
            this(entry, sink, "");
        }

        Pending withHash(String newHash) {
            return new Pending(entry, sink, newHash);
        }
    }
}
