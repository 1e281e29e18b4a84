package io.sigillum.gateway.messaging;

import io.sigillum.gateway.config.StartupFailure;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.core.env.Profiles;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.json.JsonMapper;

/** Chooses the message sink; the file outbox is refused in the prod profile. */
@Configuration(proxyBeanMethods = false)
class MessagingConfiguration {

    private static final Logger log = LoggerFactory.getLogger(MessagingConfiguration.class);

    @Bean
    @ConditionalOnProperty(name = "sigillum.messaging.sink", havingValue = "file", matchIfMissing = true)
    FileOutboxSender fileOutboxSender(MessagingProperties properties, JsonMapper json, Environment environment) {
        if (environment.acceptsProfiles(Profiles.of("prod"))) {
            throw new StartupFailure("The dev file outbox (sigillum.messaging.sink=file) is refused in the prod profile; "
                    + "configure SIGILLUM_MESSAGING_SINK=http and an SMS provider");
        }
        FileOutboxSender sender = new FileOutboxSender(properties.outboxFile(), json,
                Schedulers.newBoundedElastic(2, 10_000, "outbox-file"), Clock.systemUTC());
        log.info("Dev outbox: SMS and e-mail are appended to {}", sender.file());
        return sender;
    }

    @Bean
    @ConditionalOnProperty(name = "sigillum.messaging.sink", havingValue = "http")
    HttpSmsSender httpSmsSender(MessagingProperties properties, ObjectProvider<WebClient.Builder> builders,
            CircuitBreakerRegistry breakers) {
        MessagingProperties.Http http = properties.http();
        // the application has no WebClient auto-configuration of its own (only the tests' class path brings one)
        return new HttpSmsSender(builders.getIfAvailable(WebClient::builder),
                http.url().map(java.net.URI::create).orElseThrow(() ->
                        new StartupFailure("sigillum.messaging.sink=http needs SIGILLUM_MESSAGING_HTTP_URL")),
                http.apiKey().orElseThrow(() -> new StartupFailure("sigillum.messaging.sink=http needs SIGILLUM_MESSAGING_HTTP_API_KEY")),
                http.timeout(), breakers.circuitBreaker("sms"));
    }
}
