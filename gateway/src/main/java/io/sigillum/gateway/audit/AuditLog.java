package io.sigillum.gateway.audit;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.sigillum.gateway.admission.SigningLoad;
import io.sigillum.gateway.admission.StoreGate;
import io.sigillum.gateway.web.ApiException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * The audit log. {@link #record} completes only once the record is committed, so a caller can make a signature's
 * release depend on it. Records are group-committed: while one commit runs, new records queue (bounded), and the
 * next commit takes them all; each commit extends the hash chain with one statement that advances the chain head only
 * from the head it was chained onto (falling back to the head's row lock when another instance moved it), which also
 * orders writers across gateway instances.
 */
@Service
public class AuditLog implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(AuditLog.class);
    private static final Mono<Boolean> STALLED = Mono.just(false);

    private final DatabaseClient db;
    private final TransactionalOperator transactions;
    private final AuditProperties properties;
    private final SigningLoad signingLoad;
    private final Queue<Pending> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger pending = new AtomicInteger();
    private final AtomicBoolean writing = new AtomicBoolean();
    /** When the running commit started ({@link System#nanoTime}), 0 while none runs. */
    private volatile long commitStartedAt;
    /** When the last commit started ({@link System#nanoTime}): the next waits for {@code commitInterval} from it. */
    private volatile long lastCommitStartedAt;
    /** The records of the last commit: one alone means records do not arrive faster than commits, so none gathers. */
    private volatile int lastBatchSize;
    /** Whether a drain is scheduled for when the records waiting may be committed. */
    private final AtomicBoolean drainScheduled = new AtomicBoolean();
    /**
     * The timer of those drains, the log's own: a drain borrowed from an event loop was lost with the loop when it shut
     * down (its timers are cancelled), and a record waiting for it then waited for ever. Its one thread starts only when
     * records first gather.
     */
    private final Scheduler gatherTimer = Schedulers.newSingle("audit-gather", true);
    /** The chain's head as this instance last appended to it; null until its first append. */
    private volatile Head head;
    /**
     * The "OK" records of failed commits: a commit that ran out of time may still have reached PostgreSQL (frozen, then
     * thawed) and committed after its callers were told that nothing was released. Checked after the next successful
     * commit, when such a statement can no longer commit (it only appends onto a head that has since moved on).
     */
    private final Queue<Attempted> unsettled = new ConcurrentLinkedQueue<>();
    /** The "OK" records the running commit is writing (touched only by the one writer). */
    private final List<Attempted> attempted = new ArrayList<>();
    /** Closed after a failed commit until a commit or a probe succeeds. */
    private final StoreGate gate;
    private final Timer committed;
    private final Timer failed;
    private final DistributionSummary recordsPerCommit;

    AuditLog(DatabaseClient db, TransactionalOperator transactions, AuditProperties properties, SigningLoad signingLoad,
            MeterRegistry meters) {
        this.db = db;
        this.transactions = transactions;
        this.properties = properties;
        this.signingLoad = signingLoad;
        this.lastCommitStartedAt = System.nanoTime() - properties.commitInterval().toNanos(); // the first need not wait
        this.committed = commits(meters, "committed");
        this.failed = commits(meters, "failed");
        this.recordsPerCommit = DistributionSummary.builder("sigillum.audit.commit.records")
                .description("Records per group commit of the audit log").register(meters);
        // the probe takes the chain head's lock in a transaction, as a commit does
        this.gate = new StoreGate(() -> transactions.transactional(
                db.sql("SELECT last_seq FROM audit_chain_head WHERE id = 1 FOR UPDATE").fetch().first()),
                properties.commitDeadline());
    }

    private static Timer commits(MeterRegistry meters, String outcome) {
        return Timer.builder("sigillum.audit.commits").tag("outcome", outcome)
                .description("Group commits of the audit log, from taking their records to PostgreSQL's answer")
                .register(meters);
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

    /** Whether no record is waiting for its commit and no commit is in flight. */
    public boolean idle() {
        return pending.get() == 0 && queue.isEmpty() && !writing.get();
    }

    /**
     * Whether a new signature may be started: false while a commit has run longer than {@code stallAfter}, and after a
     * failed commit until one succeeds again — PostgreSQL is then frozen or gone, and a signature made now could not be
     * released. While failing, a call (at most one at a time) starts a probe that takes the chain head's lock in a
     * transaction and waits briefly for it ({@code StoreGate}), so the log reopens as soon as PostgreSQL answers again,
     * without risking a single SAD to find out; the calls meanwhile are answered false at once. Callers ask before
     * spending a SAD.
     */
    public Mono<Boolean> accepting() {
        long started = commitStartedAt;
        if (started != 0 && System.nanoTime() - started > properties.stallAfter().toNanos()) {
            return STALLED;
        }
        return gate.openOrProbe();
    }

    private void drain() {
        while (!queue.isEmpty() && writing.compareAndSet(false, true)) {
            long gather = gatherNanos();
            if (gather > 0) {
                writing.set(false);
                drainIn(gather);
                return;
            }
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
            lastCommitStartedAt = commitStartedAt;
            lastBatchSize = batch.size();
            attempted.clear();
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

    /**
     * How long the records waiting should wait for more before their commit starts; 0 or less: start it now. They
     * gather (up to {@code commitInterval} from the last commit's start) only while records arrive faster than commits
     * (the last commit carried more than one), fewer than {@code gatherRecords} wait, and signing has room to spare: a
     * caller that signs one request at a time, a full group, or signing requests short of permits never wait for it.
     */
    private long gatherNanos() {
        long interval = properties.commitInterval().toNanos();
        if (interval == 0 || gatherTimer.isDisposed() || lastBatchSize < 2 || pending.get() >= properties.gatherRecords()
                || !signingLoad.roomToSpare()) {
            return 0;
        }
        return lastCommitStartedAt + interval - System.nanoTime();
    }

    /** Drains again in {@code nanos}, once however many records arrive meanwhile; at once if the log is closing. */
    private void drainIn(long nanos) {
        if (!drainScheduled.compareAndSet(false, true)) {
            return;
        }
        try {
            gatherTimer.schedule(this::drainAgain, nanos, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException closing) {
            drainAgain(); // the timer is disposed, so nothing gathers any more: the records' commit starts now
        }
    }

    private void drainAgain() {
        drainScheduled.set(false);
        drain();
    }

    /** Stops gathering: records waiting for the timer, and any that come later, commit at once. */
    @Override
    public void destroy() {
        gatherTimer.dispose();
        drain();
    }

    private void finish(List<Pending> batch, Throwable failure) {
        (failure == null ? committed : failed).record(System.nanoTime() - commitStartedAt, TimeUnit.NANOSECONDS);
        recordsPerCommit.record(batch.size());
        commitStartedAt = 0;
        if (failure == null) {
            gate.answered();
            if (!unsettled.isEmpty()) {
                settle();
            }
        } else {
            gate.failed();
            unsettled.addAll(attempted);
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

    /**
     * Finds which records of failed commits were committed after all, and records for each that its result was
     * withheld: the log then says that the signature it counts as made was never released, and why. Runs after a
     * successful commit, so none of those statements can still commit (each appended only onto the head it had read,
     * and the head has moved on since).
     */
    private void settle() {
        Map<String, Attempted> byHash = new HashMap<>();
        for (Attempted a; (a = unsettled.poll()) != null; ) {
            byHash.put(a.recordHash(), a);
        }
        // looked up by sequence number (the primary key: no scan of the log): a late statement could only have appended
        // at the numbers it was written for. A record already marked (its mark itself committed late after a failed try)
        // is not marked twice.
        db.sql("SELECT seq, record_hash FROM audit_record r WHERE seq = ANY(:seqs) AND record_hash = ANY(:hashes) "
                        + "AND NOT EXISTS (SELECT 1 FROM audit_record w WHERE w.seq > r.seq "
                        + "AND w.result = 'WITHHELD seq ' || r.seq)")
                .bind("seqs", byHash.values().stream().map(Attempted::seq).distinct().toArray(Long[]::new))
                .bind("hashes", byHash.keySet().toArray(String[]::new))
                .map(row -> row.get("record_hash", String.class))
                .all()
                .collectList()
                .timeout(properties.commitDeadline())
                .subscribe(committed -> committed.forEach(hash -> withhold(byHash.get(hash))),
                        failure -> unsettled.addAll(byHash.values()));
    }

    private void withhold(Attempted late) {
        long seq = late.seq();
        log.warn("Audit record {} was committed after its deadline; its result was not released: recorded as withheld", seq);
        AuditEntry e = late.entry();
        AuditEntry withheld = new AuditEntry(e.operation(), e.platform(), e.credentialId(), e.userId(), e.sadId(),
                e.hashAlgorithm(), e.hashes(), "WITHHELD seq " + seq);
        // not recorded now (the log saturated or failing): checked again after the next successful commit
        record(withheld).subscribe(null, failure -> unsettled.add(late));
    }

    /**
     * Appends the batch to the chain in one statement, without a transaction of our own: the head this instance wrote
     * last is advanced only if it is still the head (a compare-and-set on {@code last_seq}), and the records are inserted
     * only if it was — one round trip per group commit where a locked read, the insert, the update and the transaction's
     * begin and commit took five. If another instance appended meanwhile, the statement inserts nothing, and the batch is
     * appended again the pessimistic way: in a transaction holding the head's row lock, which cannot lose a race.
     */
    private Mono<Void> write(List<Pending> batch) {
        Mono<Boolean> optimistic = head != null ? append(head, batch) : Mono.just(false);
        return optimistic.flatMap(appended -> appended ? Mono.<Void>empty() : appendUnderLock(batch));
    }

    private Mono<Void> appendUnderLock(List<Pending> batch) {
        return transactions.transactional(db.sql("SELECT last_seq, last_hash FROM audit_chain_head WHERE id = 1 FOR UPDATE")
                        .map(row -> new Head(row.get("last_seq", Long.class), row.get("last_hash", String.class)))
                        .one()
                        .flatMap(locked -> append(locked, batch)))
                .flatMap(appended -> appended ? Mono.<Void>empty()
                        : Mono.error(new IllegalStateException("The audit chain head moved while locked")));
    }

    /**
     * Whether the batch was appended onto {@code current}; false if {@code current} is no longer the chain's head. What
     * PostgreSQL can derive is not sent: every record of a commit has its time, the sequence numbers follow the head's
     * ({@code WITH ORDINALITY}), and each record's previous hash is the hash of the record before it ({@code lag}). The
     * short columns go as arrays, one element per record. The long ones, the hash lists (100 hashes are 4.5 kB) and the
     * records' hashes, go as one text each, a line per record, which the driver sends as it is where it would escape
     * every character of an array element: a hash list holds Base64 and commas only ({@link AuditEntry}), a record's
     * hash hex digits, so a newline cannot occur in either. {@code string_to_array} makes an empty array of an empty
     * text, hence the {@code coalesce} for a lone record without hashes.
     */
    private Mono<Boolean> append(Head current, List<Pending> batch) {
        int n = batch.size();
        String[][] columns = new String[7][n];
        StringBuilder hashLists = new StringBuilder();
        StringBuilder hashes = new StringBuilder(n * 65);
        String previous = current.lastHash();
        long next = current.lastSeq();
        String recordedAt = Instant.now().truncatedTo(ChronoUnit.MICROS).toString();
        for (int i = 0; i < n; i++) {
            AuditEntry e = batch.get(i).entry();
            next++;
            String hashList = e.hashList();
            String hash = AuditChain.hash(previous, next, recordedAt, e, hashList);
            String separator = i == 0 ? "" : "\n";
            hashLists.append(separator).append(hashList);
            hashes.append(separator).append(hash);
            String[] values = {e.operation(), e.platform(), e.credentialId(), e.userId(), e.sadId(), e.hashAlgorithm(),
                    e.result()};
            for (int c = 0; c < values.length; c++) {
                columns[c][i] = values[c];
            }
            previous = hash;
            if (e.result().startsWith("OK")) {
                attempted.add(new Attempted(next, hash, e));
            }
        }
        Head appended = new Head(next, previous);
        return db.sql("WITH advanced AS (UPDATE audit_chain_head SET last_seq = :last, last_hash = :lastHash "
                        + "WHERE id = 1 AND last_seq = :expected RETURNING id) "
                        + "INSERT INTO audit_record (seq, recorded_at, operation, platform, credential_id, user_id, sad_id, "
                        + "hash_algorithm, hashes, result, prev_hash, record_hash) "
                        + "SELECT :expected + ord, :at::timestamptz, op, platform, credential, usr, sad, alg, "
                        + "coalesce(hashes, ''), result, coalesce(lag(hash) OVER (ORDER BY ord), :expectedHash), hash "
                        + "FROM unnest(:op::text[], :platform::text[], :credential::text[], :user::text[], :sad::text[], "
                        + ":alg::text[], string_to_array(:hashes, E'\\n'), :result::text[], string_to_array(:hash, E'\\n')) "
                        + "WITH ORDINALITY AS r (op, platform, credential, usr, sad, alg, hashes, result, hash, ord) "
                        + "WHERE EXISTS (SELECT 1 FROM advanced)")
                .bind("last", next).bind("lastHash", previous)
                .bind("expected", current.lastSeq()).bind("expectedHash", current.lastHash()).bind("at", recordedAt)
                .bind("op", columns[0]).bind("platform", columns[1]).bind("credential", columns[2])
                .bind("user", columns[3]).bind("sad", columns[4]).bind("alg", columns[5])
                .bind("hashes", hashLists.toString()).bind("result", columns[6]).bind("hash", hashes.toString())
                .fetch().rowsUpdated()
                .map(inserted -> {
                    boolean done = inserted == n;
                    if (done) {
                        head = appended;
                    }
                    return done;
                });
    }

    private record Head(long lastSeq, String lastHash) {
    }

    private record Pending(AuditEntry entry, MonoSink<Void> sink) {
    }

    private record Attempted(long seq, String recordHash, AuditEntry entry) {
    }
}
