package io.sigillum.gateway.messaging;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import tools.jackson.databind.json.JsonMapper;

/**
 * The development sink: appends each message as one JSON line ({@code channel, to, subject, text, code, sentAt}; an
 * e-mail's subject, a code when there is one) to a file, so a person or a script can read them. Refused in the
 * {@code prod} profile.
 */
public final class FileOutboxSender implements MessageSender {

    private final Path file;
    private final JsonMapper json;
    private final Scheduler fileScheduler;
    private final Clock clock;
    private final Object appendLock = new Object();

    public FileOutboxSender(Path file, JsonMapper json, Scheduler fileScheduler, Clock clock) {
        this.file = file.toAbsolutePath().normalize();
        this.json = json;
        this.fileScheduler = fileScheduler;
        this.clock = clock;
    }

    @Override
    public Mono<Void> send(OutboundMessage message) {
        return Mono.fromRunnable(() -> append(line(message))).subscribeOn(fileScheduler).then();
    }

    public Path file() {
        return file;
    }

    private byte[] line(OutboundMessage message) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("channel", message.channel().name());
        entry.put("to", message.to());
        message.subject().ifPresent(subject -> entry.put("subject", subject));
        entry.put("text", message.text());
        message.code().ifPresent(code -> entry.put("code", code));
        entry.put("sentAt", clock.instant().toString());
        return (json.writeValueAsString(entry) + "\n").getBytes(StandardCharsets.UTF_8);
    }

    private void append(byte[] line) {
        synchronized (appendLock) {
            try {
                Files.createDirectories(file.getParent());
                Files.write(file, line, StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE);
            } catch (IOException e) {
                throw new UncheckedIOException("Could not append to the dev outbox " + file, e);
            }
        }
    }
}
