package io.sigillum.gateway.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.sigillum.gateway.support.IntegrationTest;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

/** Scripts run by their SHA-1, survive a Redis that forgot them, and never hold the thread that calls them. */
class LuaScriptsIntegrationTests extends IntegrationTest {

    private static final LuaScript<Long> WINDOW = LuaScript.load("redis/sliding-window.lua", Long.class);
    private static final LuaScript<String> SAD_CREATE = LuaScript.load("redis/sad-create.lua", String.class);

    @Autowired
    LuaScripts scripts;
    @Autowired
    ReactiveStringRedisTemplate redis;
    @Autowired
    LettuceConnectionFactory factory;

    @Test
    void theSha1IsTheOneRedisNamesTheScriptBy() {
        String loaded = redis.execute(connection -> connection.scriptingCommands().scriptLoad(
                ByteBuffer.wrap(WINDOW.script().getBytes(StandardCharsets.UTF_8)))).blockFirst();
        assertThat(WINDOW.sha1()).isEqualTo(loaded).hasSize(40);
    }

    @Test
    void scriptsRunAgainAfterRedisForgotThem() {
        String key = "test:lua:" + System.nanoTime();
        redis.execute(connection -> connection.scriptingCommands().scriptFlush()).blockLast();
        StepVerifier.create(scripts.run(WINDOW, List.of(key), List.of("1000", "60000", "1", "a"))).expectNext(0L).verifyComplete();
        StepVerifier.create(scripts.run(WINDOW, List.of(key), List.of("1001", "60000", "1", "b")))
                .assertNext(waitMs -> assertThat(waitMs).isPositive()).verifyComplete();

        redis.execute(connection -> connection.scriptingCommands().scriptFlush()).blockLast();
        String sad = "sad:{test-" + System.nanoTime() + "}";
        StepVerifier.create(scripts.run(SAD_CREATE, List.of(sad, sad + ":hashes"),
                List.of("60000", "platförm", "credential", "2.16.840.1.101.3.4.2.1", "1", "", "4102444800000", "aGFzaA==")))
                .expectNext("OK").verifyComplete();
        assertThat(redis.opsForHash().get(sad, "platform").block()).isEqualTo("platförm");
        redis.delete(key, sad, sad + ":hashes").block();
    }

    @Test
    void anErrorInTheScriptIsAnError() {
        String key = "test:lua:string:" + System.nanoTime();
        redis.opsForValue().set(key, "not a sorted set").block();
        StepVerifier.create(scripts.run(WINDOW, List.of(key), List.of("1000", "60000", "5", "a")))
                .expectErrorSatisfies(e -> assertThat(e).hasMessageContaining("WRONGTYPE"))
                .verify(Duration.ofSeconds(5));
        redis.delete(key).block();
    }

    /**
     * A stopped connection factory closes its shared connection; started again, it makes a new one, and the scripts run
     * on that. Spring stops and starts both so when its tests pause a cached context and resume it.
     */
    @Test
    void scriptsRunOnAfterTheConnectionFactoryWasStoppedAndStartedAgain() {
        RedisStandaloneConfiguration sameRedis = new RedisStandaloneConfiguration(factory.getHostName(), factory.getPort());
        sameRedis.setDatabase(factory.getDatabase());
        sameRedis.setPassword(factory.getPassword());
        LettuceConnectionFactory restarted = new LettuceConnectionFactory(sameRedis);
        restarted.afterPropertiesSet();
        restarted.start();
        LuaScripts ownScripts = new LuaScripts(restarted);
        ownScripts.start();
        String key = "test:lua:restarted:" + System.nanoTime();
        try {
            StepVerifier.create(ownScripts.run(WINDOW, List.of(key), List.of("1000", "60000", "5", "a"))).expectNext(0L).verifyComplete();
            // in the order of their phases, as Spring does: the scripts stop after the factory and start before it
            restarted.stop();
            ownScripts.stop();
            ownScripts.start();
            restarted.start();
            StepVerifier.create(ownScripts.run(WINDOW, List.of(key), List.of("1001", "60000", "5", "b"))).expectNext(0L).verifyComplete();
        } finally {
            restarted.destroy();
            redis.delete(key).block();
        }
    }

    /**
     * The first call connects, which waits for Redis: never on the thread that made the call. Here Redis accepts the
     * connection and never answers; the calling thread (a stand-in for an event loop) stays free meanwhile, and the call
     * fails once the client gives up.
     */
    @Test
    void theFirstCallDoesNotHoldTheCallingThreadWhileItConnects() throws Exception {
        Scheduler loop = Schedulers.newSingle("test-loop");
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            LettuceConnectionFactory unanswered = new LettuceConnectionFactory(
                    new RedisStandaloneConfiguration("127.0.0.1", silent.getLocalPort()),
                    LettuceClientConfiguration.builder().commandTimeout(Duration.ofSeconds(2)).build());
            unanswered.afterPropertiesSet();
            unanswered.start();
            try {
                Mono<Long> call = Mono.defer(() -> new LuaScripts(unanswered).run(WINDOW, List.of("k"), List.of("1", "2", "3", "4")))
                        .subscribeOn(loop);
                StepVerifier.create(call)
                        .then(() -> assertThat(Mono.fromCallable(() -> "free").subscribeOn(loop).block(Duration.ofMillis(500)))
                                .isEqualTo("free"))
                        .expectError()
                        .verify(Duration.ofSeconds(15));
            } finally {
                unanswered.destroy();
            }
        } finally {
            loop.dispose();
        }
    }
}
