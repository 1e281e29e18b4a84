package io.sigillum.gateway.issuance.verification;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.reactor.circuitbreaker.operator.CircuitBreakerOperator;
import io.sigillum.gateway.web.ApiException;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientRequestException;
import org.springframework.web.reactive.function.client.WebClientResponseException;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

/**
 * The vendor's HTTP API ({@code POST <vendorUrl>/sessions}) behind a per-call timeout, retries with backoff (safe: the
 * vendor de-duplicates sessions on our {@code reference}, sent also as {@code Idempotency-Key}) on timeouts, connection
 * failures and 5xx, and a circuit breaker around the whole. A 4xx is not retried. Failures become 503 with Retry-After.
 */
public final class HttpMobileIdVendor implements MobileIdVendor {

    private final WebClient client;
    private final URI sessions;
    private final String apiKey;
    private final Duration timeout;
    private final int retries;
    private final Duration firstBackoff;
    private final CircuitBreaker breaker;

    public HttpMobileIdVendor(WebClient.Builder builder, URI vendorUrl, String apiKey, Duration timeout, int retries,
            Duration firstBackoff, CircuitBreaker breaker) {
        this.client = builder.build();
        this.sessions = URI.create(vendorUrl.toString().replaceAll("/+$", "") + "/sessions");
        this.apiKey = apiKey;
        this.timeout = timeout;
        this.retries = retries;
        this.firstBackoff = firstBackoff;
        this.breaker = breaker;
    }

    @Override
    public Mono<Session> createSession(String reference, String callbackUrl) {
        return client.post().uri(sessions)
                .headers(headers -> {
                    headers.setBearerAuth(apiKey);
                    headers.set("Idempotency-Key", reference);
                })
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("reference", reference, "callbackUrl", callbackUrl,
                        "checks", java.util.List.of("DOCUMENT_FRONT", "DOCUMENT_BACK", "SELFIE")))
                .retrieve()
                .bodyToMono(Session.class)
                .timeout(timeout)
                .retryWhen(Retry.backoff(retries, firstBackoff).filter(HttpMobileIdVendor::isTransient)
                        .onRetryExhaustedThrow((spec, signal) -> signal.failure()))
                .transformDeferred(CircuitBreakerOperator.of(breaker))
                .onErrorMap(failure -> !(failure instanceof ApiException), failure -> ApiException.unavailable(
                        "The identity verification service is not available; try again", Duration.ofSeconds(30)));
    }

    private static boolean isTransient(Throwable failure) {
        return failure instanceof TimeoutException || failure instanceof WebClientRequestException
                || failure instanceof WebClientResponseException response && response.getStatusCode().is5xxServerError();
    }
}
