package io.sigillum.gateway.admission;

import io.sigillum.gateway.web.ApiException;
import java.time.Duration;
import reactor.core.publisher.Mono;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The moment by which an admitted request must be answered, carried in the Reactor context from the edge to the work.
 * Code about to do something that cannot be undone (spend a SAD) calls {@link #commit} first: it is refused when too
 * little time is left, and once committed the request is seen through to its answer rather than cut off at the
 * deadline (cutting it off would waste what it spent), within a bounded grace.
 *
 * @param atNanos the deadline on the {@link System#nanoTime()} clock
 * @param committed whether the request has passed its point of no return
 */
public record RequestDeadline(long atNanos, AtomicBoolean committed) {

    static RequestDeadline in(Duration budget) {
        return new RequestDeadline(System.nanoTime() + budget.toNanos(), new AtomicBoolean());
    }

    Duration remaining() {
        return Duration.ofNanos(atNanos - System.nanoTime());
    }

    /** Emits when the request has run out of time: at the deadline, or {@code grace} after it once committed. */
    Mono<Long> expiry(Duration grace) {
        return Mono.delay(remaining()).flatMap(tick -> committed.get() ? Mono.delay(grace) : Mono.just(tick));
    }

    /**
     * Completes empty, and marks the request committed, when it still has at least {@code reserve} left (or carries no
     * deadline); else fails with 503: the request waited too long to finish what comes next in time.
     */
    public static Mono<Void> commit(Duration reserve, Duration retryAfter) {
        return Mono.deferContextual(context -> {
            Optional<RequestDeadline> deadline = context.getOrEmpty(RequestDeadline.class);
            if (deadline.isPresent() && deadline.get().remaining().compareTo(reserve) < 0) {
                return Mono.error(ApiException.unavailable("The request waited too long to be served in time; retry",
                        retryAfter));
            }
            deadline.ifPresent(d -> d.committed().set(true));
            return Mono.empty();
        });
    }

    @Override
    public String toString() {
        return "RequestDeadline[" + remaining().toMillis() + " ms left" + (committed.get() ? ", committed]" : "]");
    }
}
