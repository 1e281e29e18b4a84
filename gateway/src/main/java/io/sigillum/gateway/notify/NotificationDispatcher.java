package io.sigillum.gateway.notify;

import io.sigillum.gateway.messaging.MessageSender;
import io.sigillum.gateway.messaging.OutboundMessage;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Sends due outbox rows through the {@link MessageSender} port: each poll claims a bounded batch in one transaction,
 * marks each row sent or failed (with exponential backoff up to a cap), and gives up after {@code maxAttempts}. Also adds
 * the "voucher expires in 30 days" reminders periodically.
 */
@Component
public class NotificationDispatcher implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(NotificationDispatcher.class);

    /** The subject of an e-mail that has none of its own. */
    private static final String GENERIC_SUBJECT = "Sigillum";

    private final NotificationOutbox outbox;
    private final MessageSender sender;
    private final TransactionalOperator transactions;
    private final NotifyProperties properties;
    /** The polls of the current start; a new one each start (a disposed composite would dispose whatever joined it). */
    private volatile Disposable running = Disposables.disposed();
    private volatile boolean started;

    NotificationDispatcher(NotificationOutbox outbox, MessageSender sender, TransactionalOperator transactions,
            NotifyProperties properties) {
        this.outbox = outbox;
        this.sender = sender;
        this.transactions = transactions;
        this.properties = properties;
    }

    /**
     * One poll: sends what is due; returns how many rows were handled. The claimed rows are read to the end before the
     * first is delivered: marking a row runs on the transaction's connection, which cannot start another statement
     * while the claim's rows are still streaming — delivering row by row as they arrived wedged the poll for good as
     * soon as more than one row was due.
     */
    public Mono<Long> dispatchDue() {
        return outbox.claimDue(properties.batchSize(), properties.maxAttempts())
                .collectList()
                .flatMapMany(Flux::fromIterable)
                .concatMap(this::deliver)
                .count()
                .as(transactions::transactional);
    }

    /** Adds the reminders for e-codes about to expire; returns how many were added. */
    public Mono<Long> remindExpiringVouchers() {
        return outbox.addVoucherReminders(properties.voucherReminderBefore());
    }

    private Mono<Void> deliver(NotificationOutbox.Due due) {
        // a row that makes no message is marked failed like one the provider refused, instead of failing the whole poll
        return Mono.fromSupplier(() -> message(due)).flatMap(sender::send)
                .then(Mono.defer(() -> outbox.markSent(due.id())))
                .onErrorResume(failure -> outbox.markFailed(due.id(),
                        backoff(due.attempts(), properties.firstBackoff(), properties.maxBackoff()),
                        failure.getClass().getSimpleName()));
    }

    /** The row as a message: an e-mail written before subjects were stored goes out with {@link #GENERIC_SUBJECT}. */
    private static OutboundMessage message(NotificationOutbox.Due due) {
        return switch (OutboundMessage.Channel.valueOf(due.channel())) {
            case SMS -> OutboundMessage.sms(due.recipient(), due.body());
            case EMAIL -> OutboundMessage.email(due.recipient(), due.subject().filter(subject -> !subject.isBlank())
                    .orElse(GENERIC_SUBJECT), due.body());
        };
    }

    /** The wait after a row's {@code attempts + 1}-th failure: {@code first}, doubled each time, at most {@code max}. */
    static Duration backoff(int attempts, Duration first, Duration max) {
        Duration wait = first.multipliedBy(1L << Math.min(attempts, 20));
        return wait.compareTo(max) > 0 ? max : wait;
    }

    @Override
    public void start() {
        if (!properties.enabled()) {
            return;
        }
        started = true;
        running = Disposables.composite(
                Flux.interval(properties.pollInterval())
                        .onBackpressureDrop()
                        .concatMap(tick -> dispatchDue().onErrorResume(failure -> {
                            log.warn("Notification dispatch failed: {}", failure.toString());
                            return Mono.empty();
                        }), 1)
                        .subscribe(),
                Flux.interval(Duration.ofSeconds(5), properties.voucherScanInterval())
                        .onBackpressureDrop()
                        .concatMap(tick -> remindExpiringVouchers().onErrorResume(failure -> Mono.empty()), 1)
                        .subscribe());
    }

    @Override
    public void stop() {
        running.dispose();
        started = false;
    }

    @Override
    public boolean isRunning() {
        return started;
    }
}
