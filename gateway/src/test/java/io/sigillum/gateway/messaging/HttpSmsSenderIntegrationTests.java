package io.sigillum.gateway.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientResponseException;
import reactor.test.StepVerifier;

/** The HTTP SMS adapter against a real HTTP stub of the provider: success, 5xx, timeouts, and the circuit breaker. */
class HttpSmsSenderIntegrationTests {

    private HttpServer provider;
    private final List<String> received = new CopyOnWriteArrayList<>();
    private final AtomicInteger status = new AtomicInteger(202);
    private volatile long delayMillis;

    @BeforeEach
    void startProvider() throws IOException {
        provider = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        provider.createContext("/send", exchange -> {
            received.add(exchange.getRequestHeaders().getFirst("Authorization") + " "
                    + new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            try {
                Thread.sleep(delayMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.sendResponseHeaders(status.get(), -1);
            exchange.close();
        });
        provider.start();
    }

    @AfterEach
    void stopProvider() {
        provider.stop(0);
    }

    private HttpSmsSender sender(CircuitBreaker breaker) {
        URI url = URI.create("http://127.0.0.1:" + provider.getAddress().getPort() + "/send");
        return new HttpSmsSender(WebClient.builder(), url, "provider-key", Duration.ofSeconds(2), breaker);
    }

    @Test
    void aMessageIsPostedWithTheApiKey() {
        StepVerifier.create(sender(CircuitBreaker.ofDefaults("t"))
                        .send(OutboundMessage.smsWithCode("+48600000000", "Code 123456", "123456")))
                .verifyComplete();

        assertThat(received).singleElement().asString()
                .startsWith("Bearer provider-key ")
                .contains("\"to\":\"+48600000000\"").contains("\"text\":\"Code 123456\"").contains("\"channel\":\"SMS\"")
                .doesNotContain("subject");
    }

    @Test
    void anEmailIsPostedWithItsSubject() {
        StepVerifier.create(sender(CircuitBreaker.ofDefaults("t"))
                        .send(OutboundMessage.email("jan@example.com", "Wynik weryfikacji tożsamości (wniosek 2026-000001)",
                                "Weryfikacja tożsamości do wniosku 2026-000001 zakończyła się pozytywnie.")))
                .verifyComplete();

        assertThat(received).singleElement().asString()
                .contains("\"channel\":\"EMAIL\"").contains("\"to\":\"jan@example.com\"")
                .contains("\"subject\":\"Wynik weryfikacji tożsamości (wniosek 2026-000001)\"")
                .contains("\"text\":\"Weryfikacja tożsamości do wniosku 2026-000001 zakończyła się pozytywnie.\"");
    }

    @Test
    void aProviderErrorIsReported() {
        status.set(503);
        StepVerifier.create(sender(CircuitBreaker.ofDefaults("t")).send(OutboundMessage.sms("+48600000000", "x")))
                .expectError(WebClientResponseException.class)
                .verify();
    }

    @Test
    void aSlowProviderTimesOut() {
        delayMillis = 4_000;
        StepVerifier.create(sender(CircuitBreaker.ofDefaults("t")).send(OutboundMessage.sms("+48600000000", "x")))
                .expectError(java.util.concurrent.TimeoutException.class)
                .verify(Duration.ofSeconds(10));
    }

    @Test
    void repeatedFailuresOpenTheBreakerAndCallsStopReachingTheProvider() {
        status.set(500);
        CircuitBreaker breaker = CircuitBreaker.of("sms", CircuitBreakerConfig.custom()
                .slidingWindowSize(4).minimumNumberOfCalls(4).failureRateThreshold(50)
                .waitDurationInOpenState(Duration.ofMinutes(1)).build());
        HttpSmsSender sender = sender(breaker);
        for (int i = 0; i < 4; i++) {
            StepVerifier.create(sender.send(OutboundMessage.sms("+48600000000", "x"))).expectError().verify();
        }
        int reached = received.size();

        StepVerifier.create(sender.send(OutboundMessage.sms("+48600000000", "x"))).expectError(CallNotPermittedException.class).verify();
        assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.OPEN);
        assertThat(received).hasSize(reached);
    }
}
