package io.sigillum.gateway.redis;

import io.sigillum.gateway.secret.Randomness;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/** Rate limits over a sliding window, kept in Redis: one sorted set of event times per key ({@code sliding-window.lua}). */
@Component
public class SlidingWindowLimits {

    private static final LuaScript<Long> WINDOW = LuaScript.load("redis/sliding-window.lua", Long.class);

    private final LuaScripts scripts;
    private final ReactiveStringRedisTemplate redis;
    private final Clock clock;

    SlidingWindowLimits(LuaScripts scripts, ReactiveStringRedisTemplate redis, Clock clock) {
        this.scripts = scripts;
        this.redis = redis;
        this.clock = clock;
    }

    /** At most {@code max} events under {@code key} in any {@code window}. */
    public record Limit(String key, int max, Duration window) {
    }

    /** The limit (its index in the list) that refused an event, and how long until it frees a slot. */
    public record Refusal(int index, Duration retryAfter) {
    }

    /**
     * Counts one event under every limit, or under none: empty when all admitted it, else the first that refused. The
     * limits are asked in order and a refusal takes the event back out of those that had admitted it, so that what was
     * refused never uses up another limit (their keys may live on different Redis nodes, so no one script can hold them).
     */
    public Mono<Optional<Refusal>> admit(List<Limit> limits) {
        return admit(limits, 0, Randomness.hex(12));
    }

    private Mono<Optional<Refusal>> admit(List<Limit> limits, int index, String event) {
        if (index == limits.size()) {
            return Mono.just(Optional.empty());
        }
        Limit limit = limits.get(index);
        return scripts.run(WINDOW, List.of(limit.key()), List.of(Long.toString(clock.millis()),
                        Long.toString(limit.window().toMillis()), Integer.toString(limit.max()), event))
                .flatMap(waitMs -> waitMs != 0 ? Mono.just(Optional.of(new Refusal(index, Duration.ofMillis(waitMs))))
                        : admit(limits, index + 1, event).flatMap(refused -> refused.isEmpty() ? Mono.just(refused)
                                : redis.opsForZSet().remove(limit.key(), event).thenReturn(refused)));
    }
}
