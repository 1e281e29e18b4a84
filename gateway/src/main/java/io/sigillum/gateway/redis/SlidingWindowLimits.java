package io.sigillum.gateway.redis;

import io.sigillum.gateway.secret.Randomness;
import io.sigillum.gateway.web.ApiException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
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

    /** At most {@code max} events under {@code key} in any {@code window}; {@code refusal} says which, to the caller. */
    public record Limit(String key, int max, Duration window, String refusal) {
    }

    /**
     * Counts one event under every limit, or under none: completes when all admitted it, else fails with 429 saying
     * the first that refused and how long until it frees a slot. The limits are asked in order and a refusal takes the
     * event back out of those that had admitted it, so that what was refused never uses up another limit (their keys
     * may live on different Redis nodes, so no one script can hold them).
     */
    public Mono<Void> admit(List<Limit> limits) {
        return admit(limits, 0, Randomness.hex(12));
    }

    private Mono<Void> admit(List<Limit> limits, int index, String event) {
        if (index == limits.size()) {
            return Mono.empty();
        }
        Limit limit = limits.get(index);
        return scripts.run(WINDOW, List.of(limit.key()), List.of(Long.toString(clock.millis()),
                        Long.toString(limit.window().toMillis()), Integer.toString(limit.max()), event))
                .flatMap(waitMs -> waitMs != 0 ? Mono.error(refused(limit, Duration.ofMillis(waitMs)))
                        : admit(limits, index + 1, event).onErrorResume(ApiException.class, refusal ->
                                redis.opsForZSet().remove(limit.key(), event).then(Mono.error(refusal))));
    }

    private static ApiException refused(Limit limit, Duration wait) {
        return ApiException.tooManyRequests(limit.refusal() + "; try again in " + ApiException.retrySeconds(wait) + " s", wait);
    }
}
