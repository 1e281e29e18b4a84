package io.sigillum.gateway.notify;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The outbox table. {@link #add} joins the caller's transaction, so a notification exists exactly when the state change
 * it reports was committed; the dispatcher claims due rows with {@code SKIP LOCKED}, so instances never send one twice.
 */
@Repository
public class NotificationOutbox {

    private final DatabaseClient db;
    private final String voucherReminderSubject;
    /** Polish, then English; its {@code format()} arguments: the product's Polish name, its English one, the code's start, the day. */
    private final String voucherReminderBody;

    NotificationOutbox(DatabaseClient db, NoticeTexts texts) {
        this.db = db;
        this.voucherReminderSubject = texts.bilingual("voucherReminder.subject", " / ");
        this.voucherReminderBody = texts.sqlFormat(Locale.of("pl"), "voucherReminder.body", "%1$s", "%3$s", "%4$s") + "\n\n"
                + texts.sqlFormat(Locale.ENGLISH, "voucherReminder.body", "%2$s", "%3$s", "%4$s");
    }

    /** Adds a notification in the caller's transaction. */
    public Mono<Void> add(Notification notification) {
        var spec = db.sql("""
                        INSERT INTO notification_outbox (kind, channel, recipient, subject, body, application_id)
                        VALUES (:kind, :channel, :recipient, :subject, :body, :application)""")
                .bind("kind", notification.kind().name()).bind("channel", notification.channel().name())
                .bind("recipient", notification.recipient()).bind("body", notification.body());
        spec = notification.subject().isPresent() ? spec.bind("subject", notification.subject().get())
                : spec.bindNull("subject", String.class);
        return (notification.applicationId().isPresent() ? spec.bind("application", notification.applicationId().get())
                : spec.bindNull("application", UUID.class)).then();
    }

    /** A row claimed for sending; an e-mail written before subjects were stored has none. */
    record Due(long id, String channel, String recipient, Optional<String> subject, String body, int attempts) {
    }

    /** Due rows, locked until the caller's transaction ends; rows locked by another instance are skipped. */
    Flux<Due> claimDue(int limit, int maxAttempts) {
        return db.sql("""
                        SELECT id, channel, recipient, subject, body, attempts FROM notification_outbox
                        WHERE sent_at IS NULL AND next_attempt_at <= now() AND attempts < :max
                        ORDER BY next_attempt_at LIMIT :limit FOR UPDATE SKIP LOCKED""")
                .bind("max", maxAttempts).bind("limit", limit)
                .map(row -> new Due(row.get("id", Long.class), row.get("channel", String.class),
                        row.get("recipient", String.class), Optional.ofNullable(row.get("subject", String.class)),
                        row.get("body", String.class), row.get("attempts", Integer.class)))
                .all();
    }

    Mono<Void> markSent(long id) {
        return db.sql("UPDATE notification_outbox SET sent_at = now(), attempts = attempts + 1 WHERE id = :id")
                .bind("id", id).then();
    }

    Mono<Void> markFailed(long id, Duration backoff, String error) {
        return db.sql("""
                        UPDATE notification_outbox SET attempts = attempts + 1, last_error = :error,
                            next_attempt_at = now() + make_interval(secs => :wait)
                        WHERE id = :id""")
                .bind("id", id).bind("error", error).bind("wait", backoff.toMillis() / 1000.0).then();
    }

    /**
     * Adds one reminder per active e-code that expires within {@code before} and has none yet, to the admin who
     * generated it: in Polish, then English, as the admin's language is not on record. Returns how many were added.
     */
    Mono<Long> addVoucherReminders(Duration before) {
        return db.sql("""
                        INSERT INTO notification_outbox (kind, channel, recipient, subject, body, ecode_id)
                        SELECT 'VOUCHER_EXPIRES', 'EMAIL', a.email, :subject,
                               format(:body, p.name_pl, p.name, substr(e.code, 1, 4),
                                      to_char(e.expires_at AT TIME ZONE 'Europe/Warsaw', 'YYYY-MM-DD')), e.id
                        FROM ecode e JOIN user_account a ON a.id = e.created_by JOIN product p ON p.id = e.product_id
                        WHERE e.status = 'ACTIVE' AND e.expires_at > now()
                          AND e.expires_at <= now() + make_interval(secs => :before)
                        ON CONFLICT DO NOTHING""")
                .bind("subject", voucherReminderSubject).bind("body", voucherReminderBody)
                .bind("before", (double) before.toSeconds())
                .fetch().rowsUpdated();
    }
}
