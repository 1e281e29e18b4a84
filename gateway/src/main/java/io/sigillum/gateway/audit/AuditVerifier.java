package io.sigillum.gateway.audit;

import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;

/**
 * Walks the audit chain from the start and finds the first record whose content or link was altered, or, when records
 * were cut from the end, the first missing sequence number.
 */
@Service
public class AuditVerifier {

    private final DatabaseClient db;

    AuditVerifier(DatabaseClient db) {
        this.db = db;
    }

    public Mono<Verification> verify() {
        // the head is read first and the walk stops there, so records committed meanwhile do not look like tampering
        return db.sql("SELECT last_seq, last_hash FROM audit_chain_head WHERE id = 1")
                .map(row -> new Head(row.get("last_seq", Long.class), row.get("last_hash", String.class)))
                .one()
                .flatMap(this::walkTo);
    }

    private Mono<Verification> walkTo(Head head) {
        AtomicReference<String> previous = new AtomicReference<>(AuditChain.GENESIS);
        AtomicReference<Long> expectedSeq = new AtomicReference<>(1L);
        return db.sql("SELECT seq, recorded_at, operation, platform, credential_id, user_id, sad_id, hash_algorithm, hashes, "
                        + "result, prev_hash, record_hash FROM audit_record WHERE seq <= :last ORDER BY seq")
                .bind("last", head.lastSeq())
                .map(row -> new Row(row.get("seq", Long.class), row.get("recorded_at", OffsetDateTime.class),
                        new AuditEntry(row.get("operation", String.class), row.get("platform", String.class),
                                row.get("credential_id", String.class), row.get("user_id", String.class),
                                row.get("sad_id", String.class), row.get("hash_algorithm", String.class),
                                split(row.get("hashes", String.class)), row.get("result", String.class)),
                        row.get("prev_hash", String.class), row.get("record_hash", String.class)))
                .all()
                .filter(row -> {
                    boolean intact = row.seq() == expectedSeq.get() && row.prevHash().equals(previous.get())
                            && AuditChain.hash(row.prevHash(), row.seq(), row.recordedAt().toInstant(), row.entry())
                                    .equals(row.recordHash());
                    previous.set(row.recordHash());
                    expectedSeq.set(row.seq() + 1);
                    return !intact;
                })
                .next()
                .map(broken -> new Verification(false, Optional.of(broken.seq())))
                .switchIfEmpty(Mono.fromSupplier(() -> expectedSeq.get() - 1 == head.lastSeq() && previous.get().equals(head.lastHash())
                        ? new Verification(true, Optional.empty())
                        : new Verification(false, Optional.of(expectedSeq.get()))));
    }

    private record Head(long lastSeq, String lastHash) {
    }

    /** The result: intact, or the sequence number of the first record that does not check out. */
    public record Verification(boolean intact, Optional<Long> firstBrokenSeq) {
    }

    private record Row(long seq, OffsetDateTime recordedAt, AuditEntry entry, String prevHash, String recordHash) {
    }

    private static List<String> split(String hashes) {
        return hashes.isEmpty() ? List.of() : Arrays.asList(hashes.split(","));
    }
}
