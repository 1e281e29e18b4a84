package io.sigillum.gateway.messaging;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.reactor.circuitbreaker.operator.CircuitBreakerOperator;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;

/**
 * Sends messages through an HTTP SMS provider as JSON {@code {channel, to, subject, text}} (the subject an e-mail's
 * only), behind a timeout and a circuit breaker. Sending is not idempotent (a retry could text the person twice), so a
 * failure is reported to the caller instead of retried here.
 */
public final class HttpSmsSender implements MessageSender {

    private final WebClient client;
    private final URI url;
    private final String apiKey;
    private final Duration timeout;
    private final CircuitBreaker breaker;

    public HttpSmsSender(WebClient.Builder builder, URI url, String apiKey, Duration timeout, CircuitBreaker breaker) {
        this.client = builder.build();
        this.url = url;
        this.apiKey = apiKey;
        this.timeout = timeout;
        this.breaker = breaker;
    }

    @Override
    public Mono<Void> send(OutboundMessage message) {
        return client.post().uri(url)
                .headers(headers -> headers.setBearerAuth(apiKey))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body(message))
                .retrieve()
                .toBodilessEntity()
                .timeout(timeout)
                .then()
                .transformDeferred(CircuitBreakerOperator.of(breaker));
    }

    private static Map<String, String> body(OutboundMessage message) {
        Map<String, String> body = new LinkedHashMap<>();
        body.put("channel", message.channel().name());
        body.put("to", message.to());
        message.subject().ifPresent(subject -> body.put("subject", subject));
        body.put("text", message.text());
        return body;
    }
}
