package io.sigillum.gateway.redis;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.springframework.core.io.ClassPathResource;

/**
 * A Redis Lua script read from the classpath once, with its SHA-1 computed once, at class-loading time (Spring's
 * {@code DefaultRedisScript} computed it lazily under a lock on every call, a lock on every event loop that ran a
 * script). {@link LuaScripts} runs it: {@code EVALSHA}, or {@code EVAL} when the server answers {@code NOSCRIPT}.
 *
 * @param script the Lua source
 * @param sha1 the lower-case hex SHA-1 of the source, as Redis names scripts
 * @param resultType what the script returns: {@code String} (a string reply) or {@code Long} (an integer reply)
 */
public record LuaScript<T>(String script, String sha1, Class<T> resultType) {

    /**
     * Loads {@code path} (a classpath resource) now, not on first use, after the {@code libraries} it uses: scripts
     * whose local functions it calls, put in front of it (an {@code EVAL} script has no other way to share code).
     */
    public static <T> LuaScript<T> load(String path, Class<T> resultType, String... libraries) {
        StringBuilder source = new StringBuilder();
        for (String library : libraries) {
            source.append(read(library)).append('\n');
        }
        String script = source.append(read(path)).toString();
        return new LuaScript<>(script, sha1Of(script), resultType);
    }

    private static String read(String path) {
        try {
            return new ClassPathResource(path).getContentAsString(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Missing Redis script " + path, e);
        }
    }

    private static String sha1Of(String source) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(source.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 unavailable", e);
        }
    }
}
