package io.sigillum.gateway.messaging;

import jakarta.validation.constraints.NotNull;
import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Where SMS and e-mail go.
 *
 * @param sink {@code file} (the dev outbox, refused in prod) or {@code http} (an SMS provider)
 * @param outboxFile the dev outbox: one JSON object per line, relative to the working directory
 */
@ConfigurationProperties("sigillum.messaging")
@Validated
public record MessagingProperties(@DefaultValue("file") @NotNull Sink sink,
        @DefaultValue("dev-outbox/sms.jsonl") @NotNull Path outboxFile) {

    /** Which adapter sends messages. */
    public enum Sink { FILE, HTTP }
}
