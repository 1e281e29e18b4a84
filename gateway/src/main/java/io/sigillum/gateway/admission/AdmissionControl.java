package io.sigillum.gateway.admission;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.sigillum.gateway.web.ApiException;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Semaphore;
import org.springframework.core.Ordered;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * The first thing every request meets: a bound on the requests in flight per {@link RequestClass} that never waits —
 * beyond it the request is refused at once with 503 + Retry-After, before it reads a body, touches a store or spends a
 * SAD — and, for an admitted request, a {@link RequestDeadline} in the Reactor context and a hard timeout at that
 * deadline, so no request is held longer than its class allows (a frozen store ends in 503, not a hang). The permit
 * returns exactly once, when the response is written, fails or the client goes away (cancel).
 *
 * <p>Why a bare {@link Semaphore} ({@code tryAcquire}, a CAS) rather than a Resilience4j bulkhead: the bulkhead
 * publishes an event per call, and with the Spring Boot integration those land in a buffer guarded by a lock — a lock
 * on every event loop for every request, which BlockHound caught parking under load. The limits, the in-flight counts
 * and the refusals are published as metrics here instead. The deadline is a Reactor {@code timeout} plus a context value
 * rather than a Resilience4j time limiter, because the work needs to read how much time is left (see
 * {@link RequestDeadline#commit}), which a time limiter cannot tell it.
 */
@Component
class AdmissionControl implements WebFilter, Ordered {

    private final AdmissionProperties properties;
    private final Map<RequestClass, Semaphore> permits = new EnumMap<>(RequestClass.class);
    private final Map<RequestClass, Counter> rejected = new EnumMap<>(RequestClass.class);

    AdmissionControl(AdmissionProperties properties, MeterRegistry meters) {
        this.properties = properties;
        for (RequestClass type : RequestClass.values()) {
            String name = type.name().toLowerCase(Locale.ROOT);
            int limit = properties.maxInFlight(type);
            Semaphore semaphore = new Semaphore(limit);
            permits.put(type, semaphore);
            rejected.put(type, Counter.builder("sigillum.admission.rejected").tag("class", name)
                    .description("Requests refused at the edge because their class was at its in-flight limit")
                    .register(meters));
            Gauge.builder("sigillum.admission.in.flight", semaphore, s -> limit - s.availablePermits()).tag("class", name)
                    .description("Requests of this class in flight").register(meters);
            Gauge.builder("sigillum.admission.limit", () -> limit).tag("class", name)
                    .description("The in-flight limit of this class").register(meters);
        }
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        String path = exchange.getRequest().getPath().pathWithinApplication().value();
        return RequestClass.of(path).map(type -> admit(type, exchange, chain)).orElseGet(() -> chain.filter(exchange));
    }

    private Mono<Void> admit(RequestClass type, ServerWebExchange exchange, WebFilterChain chain) {
        Semaphore semaphore = permits.get(type);
        if (!semaphore.tryAcquire()) {
            rejected.get(type).increment();
            return Mono.error(ApiException.unavailable("The gateway is at capacity for this kind of request; retry shortly",
                    properties.retryAfter()));
        }
        Duration budget = properties.deadline(type);
        RequestDeadline deadline = RequestDeadline.in(budget);
        return chain.filter(exchange)
                .timeout(deadline.expiry(properties.committedGrace()), Mono.error(() -> ApiException.unavailable(
                        "The request could not be answered within its deadline of " + budget.toMillis() + " ms; retry",
                        properties.retryAfter())))
                .contextWrite(context -> context.put(RequestDeadline.class, deadline))
                .doFinally(signal -> semaphore.release());
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }
}
