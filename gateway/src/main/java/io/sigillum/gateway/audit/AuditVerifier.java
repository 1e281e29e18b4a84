package io.sigillum.gateway.audit;

import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Walks the audit chain from the start and finds the first record whose content or link was altered, or, when records
 * were cut from the end, the first missing sequence number.
 */
@Service
public class AuditVerifier {

    private static final int PAGE = 5_000;

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
        return walk(head, 1L, AuditChain.GENESIS);
    }

    /**
     * One page of records from {@code from} on, then the next: each query stays short (well inside the store deadline)
     * however long the chain is.
     */
    private Mono<Verification> walk(Head head, long from, String previous) {
        // each page's hashes are computed off the store's event loops, which every signature's audit record needs
        return page(from, head.lastSeq()).collectList().publishOn(Schedulers.boundedElastic()).flatMap(rows -> {
            long expected = from;
            String link = previous;
            for (Row row : rows) {
                boolean intact = row.seq() == expected && row.prevHash().equals(link)
                        && AuditChain.hash(row.prevHash(), row.seq(), row.recordedAt().toInstant().toString(), row.entry(),
                                row.hashList())
                                .equals(row.recordHash());
                if (!intact) {
                    return Mono.just(new Verification(false, Optional.of(row.seq())));
                }
                link = row.recordHash();
                expected = row.seq() + 1;
            }
            if (rows.size() == PAGE) {
                return walk(head, expected, link);
            }
            return Mono.just(expected - 1 == head.lastSeq() && link.equals(head.lastHash())
                    ? new Verification(true, Optional.empty())
                    : new Verification(false, Optional.of(expected)));
        });
    }

    private Flux<Row> page(long from, long last) {
        return db.sql("SELECT seq, recorded_at, operation, platform, credential_id, user_id, sad_id, hash_algorithm, hashes, "
                        + "result, prev_hash, record_hash FROM audit_record WHERE seq >= :from AND seq <= :last "
                        + "ORDER BY seq LIMIT :page")
                .bind("from", from).bind("last", last).bind("page", PAGE)
                .map(row -> new Row(row.get("seq", Long.class), row.get("recorded_at", OffsetDateTime.class),
                        new AuditEntry(row.get("operation", String.class), row.get("platform", String.class),
                                row.get("credential_id", String.class), row.get("user_id", String.class),
                                row.get("sad_id", String.class), row.get("hash_algorithm", String.class),
                                split(row.get("hashes", String.class)), row.get("result", String.class)),
                        row.get("hashes", String.class), row.get("prev_hash", String.class), row.get("record_hash", String.class)))
                .all();
    }

    private record Head(long lastSeq, String lastHash) {
    }

    /** The result: intact, or the sequence number of the first record that does not check out. */
    public record Verification(boolean intact, Optional<Long> firstBrokenSeq) {
    }

    private record Row(long seq, OffsetDateTime recordedAt, AuditEntry entry, String hashList, String prevHash,
            String recordHash) {
    }

    private static List<String> split(String hashes) {
        return hashes.isEmpty() ? List.of() : Arrays.asList(hashes.split(","));
    }
}
