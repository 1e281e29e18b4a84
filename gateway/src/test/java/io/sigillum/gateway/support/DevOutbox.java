package io.sigillum.gateway.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The messages the gateway under test handed to the dev outbox file, read as a person or a script would. */
public final class DevOutbox {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private DevOutbox() {
    }

    /** The last message to {@code recipient}, an e-mail address or a phone number. */
    public static JsonNode lastTo(String recipient) {
        return last(message -> recipient.equals(message.path("to").asString()), "to " + recipient);
    }

    /** The last message whose text is {@code text}. */
    public static JsonNode lastWithText(String text) {
        return last(message -> text.equals(message.path("text").asString()), "with the text " + text);
    }

    /**
     * The last message to {@code recipient} that {@code wanted} takes, waited for (up to 20 s): for a message sent after
     * the request that caused it was answered.
     */
    public static JsonNode awaitTo(String recipient, Predicate<JsonNode> wanted) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (true) {
            try {
                return last(message -> recipient.equals(message.path("to").asString()) && wanted.test(message), "to " + recipient);
            } catch (AssertionError none) {
                if (System.nanoTime() > deadline) {
                    throw none;
                }
                LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
            }
        }
    }

    private static JsonNode last(Predicate<JsonNode> wanted, String description) {
        try {
            // no file until the first message is written, and a last line may still be being written: both mean "not yet"
            List<String> lines = Files.exists(TestInfrastructure.outboxFile()) ? Files.readAllLines(TestInfrastructure.outboxFile())
                    : List.of();
            for (int i = lines.size() - 1; i >= 0; i--) {
                JsonNode message;
                try {
                    message = JSON.readTree(lines.get(i));
                } catch (JacksonException partial) {
                    continue;
                }
                if (wanted.test(message)) {
                    return message;
                }
            }
            throw new AssertionError("No message " + description + " in the dev outbox");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
