package io.sigillum.gateway.redis;

import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.springframework.context.SmartLifecycle;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.lettuce.LettuceConnection;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Runs the gateway's Lua scripts with Lettuce's asynchronous API, on the connection factory's shared connection:
 * {@code EVALSHA}, and {@code EVAL} when the server does not know the script (a restarted or new Redis). It takes the
 * place of Spring Data Redis' reactive script executor, which built each call's keys and arguments through streams of
 * {@code ByteBuffer}s and ran it through a reactive publisher: ~5 % of the event loops' CPU samples under signHash on
 * one or a hundred hashes ({@code benchmarks/RESULTS.md}).
 *
 * <p>Every script call goes out on this one connection, in the order made, so a call's refund runs after the call.
 * The client's command timeout (the store deadline) applies as to every Redis command, and its failures are Lettuce's
 * own exceptions, which the edge maps as a store outage.
 */
@Component
public class LuaScripts implements SmartLifecycle {

    private final LettuceConnectionFactory factory;
    /** The shared connection's commands, as the factory handed them out; null until then, and after a stop. */
    private volatile @Nullable RedisClusterAsyncCommands<byte[], byte[]> commands;
    private volatile boolean running;

    LuaScripts(LettuceConnectionFactory factory) {
        if (!factory.getShareNativeConnection()) {
            throw new IllegalStateException("Lua scripts run on the Redis connection factory's shared connection; "
                    + "it is configured not to share one");
        }
        this.factory = factory;
    }

    /** The script's result: a Redis status or bulk string as a {@code String}, an integer as a {@code Long}. */
    public <T> Mono<T> run(LuaScript<T> script, List<String> keys, List<String> args) {
        return on(redis -> run(redis, script, keys, args));
    }

    /**
     * Like {@link #run}, but sends the script's text ({@code EVAL}), never its digest: it runs in the connection's order
     * where it was sent, before whatever is sent after it. With {@code EVALSHA}, a server that does not know the script
     * yet answers NOSCRIPT, and the script itself would go out after the calls made meanwhile. For rare calls whose place
     * in that order matters.
     */
    public <T> Mono<T> runInOrder(LuaScript<T> script, List<String> keys, List<String> args) {
        return on(redis -> eval(redis, script, keys, args));
    }

    private <T> Mono<T> on(Function<RedisClusterAsyncCommands<byte[], byte[]>, Mono<T>> call) {
        RedisClusterAsyncCommands<byte[], byte[]> connected = commands;
        return connected != null ? call.apply(connected)
                // asking the factory may connect, which blocks: never on an event loop. Only until a connection is made
                : Mono.fromCallable(this::sharedConnection).subscribeOn(Schedulers.boundedElastic()).flatMap(call);
    }

    private static <T> Mono<T> run(RedisClusterAsyncCommands<byte[], byte[]> redis, LuaScript<T> script, List<String> keys,
            List<String> args) {
        byte[][] keyBytes = bytes(keys);
        byte[][] argBytes = bytes(args);
        ScriptOutputType type = outputType(script);
        return result(script, Mono.<Object>fromCompletionStage(() -> redis.evalsha(script.sha1(), type, keyBytes, argBytes))
                .onErrorResume(RedisNoScriptException.class, unknown -> Mono.fromCompletionStage(() ->
                        redis.eval(script.script(), type, keyBytes, argBytes))));
    }

    private static <T> Mono<T> eval(RedisClusterAsyncCommands<byte[], byte[]> redis, LuaScript<T> script, List<String> keys,
            List<String> args) {
        byte[][] keyBytes = bytes(keys);
        byte[][] argBytes = bytes(args);
        return result(script, Mono.fromCompletionStage(() -> redis.eval(script.script(), outputType(script), keyBytes, argBytes)));
    }

    private static ScriptOutputType outputType(LuaScript<?> script) {
        return script.resultType() == Long.class ? ScriptOutputType.INTEGER : ScriptOutputType.VALUE;
    }

    private static <T> Mono<T> result(LuaScript<T> script, Mono<Object> answer) {
        return answer.map(result -> script.resultType().cast(result instanceof byte[] value
                ? new String(value, StandardCharsets.UTF_8) : result));
    }

    /**
     * The factory's shared connection (connecting if it has none): closing the wrapper leaves the shared one open. Kept
     * only while running, so that a call made as the factory stops cannot leave its closed connection behind.
     */
    private synchronized RedisClusterAsyncCommands<byte[], byte[]> sharedConnection() {
        try (RedisConnection connection = factory.getConnection()) {
            RedisClusterAsyncCommands<byte[], byte[]> shared = ((LettuceConnection) connection).getNativeConnection();
            if (running) {
                commands = shared;
            }
            return shared;
        }
    }

    /**
     * A stopped factory closes its shared connection and makes a new one when started again (Spring stops both on
     * shutdown, and when its tests pause a cached context): the commands are asked for again after a stop. This stops
     * after the factory and starts before it, so no connection kept meanwhile outlives the factory's stop.
     */
    @Override
    public synchronized void stop() {
        running = false;
        commands = null;
    }

    @Override
    public synchronized void start() {
        running = true;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return factory.getPhase() - 1;
    }

    private static byte[][] bytes(List<String> values) {
        byte[][] bytes = new byte[values.size()][];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = values.get(i).getBytes(StandardCharsets.UTF_8);
        }
        return bytes;
    }
}
