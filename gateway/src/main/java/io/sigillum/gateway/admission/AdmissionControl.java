package io.sigillum.gateway.admission;

import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.sigillum.gateway.web.ApiException;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import org.springframework.core.Ordered;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * The first thing every request meets: a Resilience4j semaphore bulkhead per {@link RequestClass} that never waits —
 * beyond the limit the request is refused at once with 503 + Retry-After, before it reads a body, touches a store or
 * spends a SAD — and, for an admitted request, a {@link RequestDeadline} in the Reactor context and a hard timeout at
 * that deadline, so no request is held longer than its class allows (a frozen store ends in 503, not a hang). The
 * permit returns when the response is written, fails or the client goes away (cancel).
 *
 * <p>Why a Resilience4j bulkhead rather than a bare semaphore: it is the stack's resilience library already (SMS and
 * vendor breakers), and it publishes its available permits as metrics with no extra code. The deadline is a Reactor
 * {@code timeout} plus a context value rather than a Resilience4j time limiter, because the work needs to read how much
 * time is left (see {@link RequestDeadline#require}), which a time limiter cannot tell it.
 */
@Component
class AdmissionControl implements WebFilter, Ordered {

    private final AdmissionProperties properties;
    private final Map<RequestClass, Bulkhead> bulkheads = new EnumMap<>(RequestClass.class);
    private final Map<RequestClass, Counter> rejected = new EnumMap<>(RequestClass.class);

    AdmissionControl(AdmissionProperties properties, BulkheadRegistry registry, MeterRegistry meters) {
        this.properties = properties;
        for (RequestClass type : RequestClass.values()) {
            String name = type.name().toLowerCase(Locale.ROOT);
            bulkheads.put(type, registry.bulkhead("admission-" + name, BulkheadConfig.custom()
                    .maxConcurrentCalls(properties.maxInFlight(type)).maxWaitDuration(Duration.ZERO).build()));
            rejected.put(type, Counter.builder("sigillum.admission.rejected").tag("class", name)
                    .description("Requests refused at the edge because their class was at its in-flight limit")
                    .register(meters));
        }
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        String path = exchange.getRequest().getPath().pathWithinApplication().value();
        return RequestClass.of(path).map(type -> admit(type, exchange, chain)).orElseGet(() -> chain.filter(exchange));
    }

    private Mono<Void> admit(RequestClass type, ServerWebExchange exchange, WebFilterChain chain) {
        Bulkhead bulkhead = bulkheads.get(type);
        if (!bulkhead.tryAcquirePermission()) {
            rejected.get(type).increment();
            return Mono.error(ApiException.unavailable("The gateway is at capacity for this kind of request; retry shortly",
                    properties.retryAfter()));
        }
        Duration budget = properties.deadline(type);
        return chain.filter(exchange)
                .timeout(budget, Mono.error(() -> ApiException.unavailable(
                        "The request could not be answered within its deadline of " + budget.toMillis() + " ms; retry",
                        properties.retryAfter())))
                .contextWrite(context -> context.put(RequestDeadline.class, RequestDeadline.in(budget)))
                .doFinally(signal -> bulkhead.onComplete());
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }
}
