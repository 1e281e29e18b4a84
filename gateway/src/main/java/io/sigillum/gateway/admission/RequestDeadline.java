package io.sigillum.gateway.admission;

import io.sigillum.gateway.web.ApiException;
import java.time.Duration;
import reactor.core.publisher.Mono;
import reactor.util.context.ContextView;

/**
 * The moment by which an admitted request must be answered, carried in the Reactor context from the edge to the work.
 * Code about to do something that cannot be undone (spend a SAD) asks {@link #require} first.
 *
 * @param atNanos the deadline on the {@link System#nanoTime()} clock
 */
public record RequestDeadline(long atNanos) {

    static RequestDeadline in(Duration budget) {
        return new RequestDeadline(System.nanoTime() + budget.toNanos());
    }

    Duration remaining() {
        return Duration.ofNanos(atNanos - System.nanoTime());
    }

    /**
     * Completes empty when the current request still has at least {@code reserve} left (or carries no deadline), else
     * fails with 503: the request waited too long to finish what comes next in time.
     */
    public static Mono<Void> require(Duration reserve, Duration retryAfter) {
        return Mono.deferContextual(context -> of(context)
                .filter(deadline -> deadline.remaining().compareTo(reserve) < 0)
                .map(late -> Mono.<Void>error(ApiException.unavailable(
                        "The request waited too long to be served in time; retry", retryAfter)))
                .orElseGet(Mono::empty));
    }

    private static java.util.Optional<RequestDeadline> of(ContextView context) {
        return context.getOrEmpty(RequestDeadline.class);
    }
}
