package io.sigillum.gateway.messaging;

import jakarta.validation.constraints.NotNull;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Where SMS and e-mail go.
 *
 * @param sink {@code file} (the dev outbox, refused in prod) or {@code http} (an SMS provider)
 * @param outboxFile the dev outbox: one JSON object per line, relative to the working directory
 * @param http the SMS provider, when {@code sink=http}
 */
@ConfigurationProperties("sigillum.messaging")
@Validated
public record MessagingProperties(@DefaultValue("file") @NotNull Sink sink,
        @DefaultValue("dev-outbox/sms.jsonl") @NotNull Path outboxFile,
        @DefaultValue @NotNull Http http) {

    /**
     * An HTTP SMS provider: messages are POSTed as JSON {@code {channel, to, subject, text}} (an e-mail's subject; an
     * SMS has none) with a bearer API key.
     *
     * @param url the provider's send endpoint
     * @param apiKey the provider credential
     * @param timeout the longest a send may take before it counts as failed
     */
    public record Http(@DefaultValue Optional<String> url, @DefaultValue Optional<String> apiKey,
            @DefaultValue("5s") @NotNull Duration timeout) {
        @Override
        public String toString() {
            return "Http[" + url.orElse("-") + "]";
        }
    }


    /** Which adapter sends messages. */
    public enum Sink { FILE, HTTP }
}
