package io.sigillum.gateway.issuance.verification;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.sigillum.gateway.web.ApiException;
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
import org.springframework.http.HttpStatus;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;
import reactor.test.StepVerifier;

/** The identity vendor's HTTP adapter against a real HTTP stub: success, 5xx and timeouts retried, 4xx not, breaker. */
class HttpMobileIdVendorIntegrationTests {

    private HttpServer vendor;
    private final List<String> received = new CopyOnWriteArrayList<>();
    /** Answers to give in turn; the last one repeats. 0 means "never answer in time". */
    private final List<Integer> answers = new CopyOnWriteArrayList<>();
    private final AtomicInteger calls = new AtomicInteger();

    @BeforeEach
    void startVendor() throws IOException {
        vendor = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        vendor.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        vendor.createContext("/v2/sessions", exchange -> {
            received.add(exchange.getRequestHeaders().getFirst("Authorization") + " "
                    + exchange.getRequestHeaders().getFirst("Idempotency-Key") + " "
                    + new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            int call = calls.getAndIncrement();
            int status = answers.get(Math.min(call, answers.size() - 1));
            if (status == 0) {
                try {
                    // the stub's own thread answers late, after the adapter's timeout
                    Thread.sleep(2_500);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                status = 500;
            }
            byte[] body = status == 201
                    ? "{\"sessionId\":\"S-1\",\"link\":\"https://vendor.example/s/S-1\"}".getBytes(StandardCharsets.UTF_8)
                    : "{\"error\":\"vendor says no\"}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        vendor.createContext("/ping", exchange -> {
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        vendor.start();
        // the first exchange with a fresh stub is slow on some machines; make sure it answers before timing anything
        try (var ping = java.net.http.HttpClient.newHttpClient()) {
            ping.send(java.net.http.HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + vendor.getAddress().getPort()
                    + "/ping")).build(), java.net.http.HttpResponse.BodyHandlers.discarding());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @AfterEach
    void stopVendor() {
        vendor.stop(0);
    }

    private HttpMobileIdVendor adapter(CircuitBreaker breaker) {
        URI url = URI.create("http://127.0.0.1:" + vendor.getAddress().getPort() + "/v2/");
        // a connection per request: no pooled connection outlives the stub of an earlier test on a reused port
        WebClient.Builder builder = WebClient.builder().clientConnector(new ReactorClientHttpConnector(
                HttpClient.create(ConnectionProvider.newConnection())));
        return new HttpMobileIdVendor(builder, url, "vendor-key", Duration.ofMillis(1_500), 2,
                Duration.ofMillis(20), breaker);
    }

    private static CircuitBreaker breaker() {
        return CircuitBreaker.of("identity-vendor-test", CircuitBreakerConfig.custom().slidingWindowSize(4)
                .minimumNumberOfCalls(2).failureRateThreshold(50).waitDurationInOpenState(Duration.ofMinutes(1)).build());
    }

    @Test
    void aSessionIsCreatedWithOurReferenceAsIdempotencyKey() {
        answers.add(201);

        StepVerifier.create(adapter(breaker()).createSession("MIDABC", "https://gw.example/hook"))
                .assertNext(session -> {
                    assertThat(session.sessionId()).isEqualTo("S-1");
                    assertThat(session.link()).isEqualTo("https://vendor.example/s/S-1");
                })
                .verifyComplete();
        assertThat(received).singleElement().asString().startsWith("Bearer vendor-key MIDABC ")
                .contains("\"reference\":\"MIDABC\"").contains("\"callbackUrl\":\"https://gw.example/hook\"");
    }

    @Test
    void fiveHundredsAndTimeoutsAreRetriedWithBackoff() {
        answers.addAll(List.of(503, 0, 201));

        StepVerifier.create(adapter(breaker()).createSession("MIDRETRY", "https://gw.example/hook"))
                .assertNext(session -> assertThat(session.sessionId()).isEqualTo("S-1"))
                .verifyComplete();
        assertThat(calls.get()).isEqualTo(3);
        assertThat(received).allMatch(request -> request.contains(" MIDRETRY "));
    }

    @Test
    void aVendorThatKeepsFailingIsReportedAsUnavailable() {
        answers.add(0);

        StepVerifier.create(adapter(breaker()).createSession("MIDDOWN", "https://gw.example/hook"))
                .expectErrorSatisfies(error -> {
                    assertThat(error).isInstanceOf(ApiException.class);
                    assertThat(((ApiException) error).status()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
                    assertThat(((ApiException) error).retryAfter()).isPresent();
                })
                .verify(Duration.ofSeconds(20));
        assertThat(calls.get()).isEqualTo(3);
    }

    @Test
    void aRefusalIsNotRetried() {
        answers.add(400);

        StepVerifier.create(adapter(breaker()).createSession("MIDBAD", "https://gw.example/hook"))
                .expectError(ApiException.class)
                .verify(Duration.ofSeconds(15));
        assertThat(calls.get()).isEqualTo(1);
    }

    @Test
    void theBreakerOpensAfterRepeatedFailuresAndStopsCallingTheVendor() {
        answers.add(500);
        CircuitBreaker breaker = breaker();
        HttpMobileIdVendor adapter = adapter(breaker);
        for (int i = 0; i < 2; i++) {
            StepVerifier.create(adapter.createSession("MIDOPEN" + i, "https://gw.example/hook"))
                    .expectError(ApiException.class).verify(Duration.ofSeconds(15));
        }
        int before = calls.get();

        assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.OPEN);
        StepVerifier.create(adapter.createSession("MIDOPEN", "https://gw.example/hook"))
                .expectError(ApiException.class).verify(Duration.ofSeconds(15));
        assertThat(calls.get()).isEqualTo(before);
    }
}
