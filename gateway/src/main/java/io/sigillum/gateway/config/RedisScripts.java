package io.sigillum.gateway.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.springframework.core.io.ClassPathResource;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * Loads a Lua script's text from the classpath eagerly (a resource-backed script would read its file on first use, on
 * an event-loop thread).
 */
public final class RedisScripts {

    private RedisScripts() {
    }

    public static <T> RedisScript<T> load(String path, Class<T> resultType) {
        try {
            return RedisScript.of(new ClassPathResource(path).getContentAsString(StandardCharsets.UTF_8), resultType);
        } catch (IOException e) {
            throw new UncheckedIOException("Missing Redis script " + path, e);
        }
    }
}
