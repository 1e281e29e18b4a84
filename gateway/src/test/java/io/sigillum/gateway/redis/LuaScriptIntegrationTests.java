package io.sigillum.gateway.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.sigillum.gateway.support.IntegrationTest;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

/** Scripts run by their SHA-1 with no lock on the way, and survive a Redis that forgot them. */
class LuaScriptIntegrationTests extends IntegrationTest {

    private static final LuaScript<Long> INCREMENT = LuaScript.load("redis/sliding-window.lua", Long.class);

    @Autowired
    ReactiveStringRedisTemplate redis;

    @Test
    void theSha1IsTheOneRedisNamesTheScriptBy() {
        String loaded = redis.execute(connection -> connection.scriptingCommands().scriptLoad(
                java.nio.ByteBuffer.wrap(INCREMENT.script().getBytes(java.nio.charset.StandardCharsets.UTF_8)))).blockFirst();
        assertThat(INCREMENT.getSha1()).isEqualTo(loaded).hasSize(40);
    }

    @Test
    void aScriptRunsAgainAfterRedisForgotIt() {
        String key = "test:lua:" + System.nanoTime();
        redis.execute(connection -> connection.scriptingCommands().scriptFlush()).blockLast();
        StepVerifier.create(redis.execute(INCREMENT, List.of(key), List.of("1000", "60000", "5", "a")).next())
                .expectNext(0L).verifyComplete();
        StepVerifier.create(redis.execute(INCREMENT, List.of(key), List.of("1001", "60000", "5", "b")).next())
                .expectNext(0L).verifyComplete();
        redis.delete(key).block();
    }

    /**
     * Spring's DefaultRedisScript took a ReentrantLock for its SHA-1 on every execute; two event loops contending for it
     * parked a thread, which BlockHound (installed for every gateway test) reports. Ours is a field.
     */
    @Test
    void manyThreadsAskForTheSha1WithoutWaitingOnEachOther() {
        AtomicLong reads = new AtomicLong();
        Flux.range(0, 4)
                .flatMap(worker -> Mono.fromRunnable(() -> {
                    for (int i = 0; i < 200_000; i++) {
                        if (INCREMENT.getSha1().length() == 40) {
                            reads.incrementAndGet();
                        }
                    }
                }).subscribeOn(Schedulers.parallel()))
                .then()
                .block(Duration.ofSeconds(30));
        assertThat(reads).hasValue(800_000);
    }
}
