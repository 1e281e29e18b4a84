package io.sigillum.gateway.redis;

import io.sigillum.gateway.secret.Randomness;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/** Rate limits over a sliding window, kept in Redis: one sorted set of event times per key ({@code sliding-window.lua}). */
@Component
public class SlidingWindowLimits {

    private static final LuaScript<Long> WINDOW = LuaScript.load("redis/sliding-window.lua", Long.class);

    private final LuaScripts scripts;
    private final Clock clock;

    SlidingWindowLimits(LuaScripts scripts, Clock clock) {
        this.scripts = scripts;
        this.clock = clock;
    }

    /**
     * Counts one event under {@code key} if fewer than {@code limit} fell in the last {@code window}: empty when it was
     * admitted, else how long until a slot frees (and the event is not counted).
     */
    public Mono<Optional<Duration>> admit(String key, int limit, Duration window) {
        return scripts.run(WINDOW, List.of(key), List.of(Long.toString(clock.millis()), Long.toString(window.toMillis()),
                        Integer.toString(limit), Randomness.hex(12)))
                .map(waitMs -> waitMs == 0 ? Optional.<Duration>empty() : Optional.of(Duration.ofMillis(waitMs)));
    }
}
