package io.sigillum.gateway.admission;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.sigillum.gateway.web.ApiException;
import io.sigillum.gateway.web.HttpLimitsProperties;
import io.sigillum.gateway.web.WholeBody;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationListener;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * The first thing every request meets: a bound on the requests in flight per {@link RequestClass}, with a short line
 * in front of it ({@link AdmissionGate}) — beyond both the request is refused at once with 503 + Retry-After, before it
 * touches a store or spends a SAD, and a request does not stand in line longer than
 * {@code sigillum.admission.max-wait} — and, for every request, a {@link RequestDeadline} (from its arrival, so its
 * time in line counts) in the Reactor context and a hard timeout at that deadline, so no request is held longer than
 * its class allows (a frozen store ends in 503, not a hang). A request's body is read whole ({@link WholeBody}) before it
 * asks for a permit: a client that sends its head and then its body slowly, or never, holds its own connection until
 * the deadline (then 408 and the connection closed), never a permit that others need. The permit
 * returns exactly once: when the answer is committed, or when the request fails or the client goes away (cancel)
 * before there is one.
 *
 * <p>Why a gate of its own (a CAS per permit, a lock-free line) rather than a Resilience4j bulkhead: the bulkhead
 * publishes an event per call, and with the Spring Boot integration those land in a buffer guarded by a lock — a lock
 * on every event loop for every request, which BlockHound caught parking under load. The limits, the in-flight counts
 * and the refusals are published as metrics here instead. The deadline is a Reactor {@code timeout} plus a context value
 * rather than a Resilience4j time limiter, because the work needs to read how much time is left (see
 * {@link RequestDeadline#commit}), which a time limiter cannot tell it.
 *
 * <p>Once the gateway is shutting down ({@link ContextClosedEvent}, before the web server's graceful shutdown), every
 * request that arrives is refused with 503, Retry-After and {@code Connection: close}, before it touches a store. The
 * graceful shutdown stops accepting connections and waits for the requests in flight, but Reactor Netty keeps serving a
 * kept-alive connection whose client sends its next request at once: under load such connections went on being served
 * for seconds after "Graceful shutdown complete", past the signing drain, until Redis and PostgreSQL closed under them.
 * Refused here, such a client reads why, and its next connection goes to an instance that is up. Checked here rather
 * than in a filter of its own: a filter is one more operator on every request's chain.
 *
 * <p>It also times every admitted request ({@code sigillum.requests}, by class and outcome): a timer per class and
 * outcome made once, so timing a request costs two clock reads and an add. The signing class is not observed again by
 * Spring's per-request HTTP observation (see {@link SigningObservationFilter}), which costs far more per request.
 */
@Component
class AdmissionControl implements WebFilter, Ordered, ApplicationListener<ContextClosedEvent>, SigningLoad {

    private final AdmissionProperties properties;
    private final Map<RequestClass, AdmissionGate> gates = new EnumMap<>(RequestClass.class);
    private final Map<RequestClass, Map<Refusal, Counter>> rejected = new EnumMap<>(RequestClass.class);
    private final Map<RequestClass, Timer> refusals = new EnumMap<>(RequestClass.class);
    private final Map<RequestClass, Map<Outcome, Timer>> timers = new EnumMap<>(RequestClass.class);
    private final ApplicationContext context;
    private final int maxBodyBytes;
    private volatile boolean closing;

    AdmissionControl(AdmissionProperties properties, HttpLimitsProperties limits, MeterRegistry meters,
            ApplicationContext context) {
        this.properties = properties;
        this.maxBodyBytes = Math.toIntExact(limits.maxBodySize().toBytes());
        this.context = context;
        for (RequestClass type : RequestClass.values()) {
            String name = type.name().toLowerCase(Locale.ROOT);
            int limit = properties.maxInFlight(type);
            AdmissionGate gate = new AdmissionGate(limit, properties.lineLength(type), properties.lineStandingAfter());
            gates.put(type, gate);
            Map<Refusal, Counter> byReason = new EnumMap<>(Refusal.class);
            for (Refusal reason : Refusal.values()) {
                byReason.put(reason, Counter.builder("sigillum.admission.rejected").tag("class", name)
                        .tag("reason", reason.name().toLowerCase(Locale.ROOT))
                        .description("Requests refused at the edge because their class was at its in-flight limit: its line "
                                + "full, or standing, or the request waited in it past max-wait")
                        .register(meters));
            }
            rejected.put(type, byReason);
            refusals.put(type, Timer.builder("sigillum.admission.refusals").tag("class", name)
                    .description("Refused requests of this class, from their refusal to their 503 being committed: the "
                            + "server's own share of a refusal's latency (a client also sees the wait to be read)")
                    .register(meters));
            Gauge.builder("sigillum.admission.in.flight", gate, AdmissionGate::inFlight).tag("class", name)
                    .description("Requests of this class in flight").register(meters);
            Gauge.builder("sigillum.admission.waiting", gate, AdmissionGate::waiting).tag("class", name)
                    .description("Requests of this class waiting in line for a permit").register(meters);
            Gauge.builder("sigillum.admission.limit", () -> limit).tag("class", name)
                    .description("The in-flight limit of this class").register(meters);
            Map<Outcome, Timer> byOutcome = new EnumMap<>(Outcome.class);
            for (Outcome outcome : Outcome.values()) {
                byOutcome.put(outcome, Timer.builder("sigillum.requests").tag("class", name)
                        .tag("outcome", outcome.name()).description("Admitted requests of this class, from admission to answer")
                        .register(meters));
            }
            timers.put(type, byOutcome);
        }
    }

    @Override
    public boolean roomToSpare() {
        AdmissionGate signing = gates.get(RequestClass.SIGNING);
        return signing.waiting() == 0 && signing.inFlight() * 2 < properties.signingMaxInFlight();
    }

    /** Published when this context starts to close, before the web server's graceful shutdown begins. */
    @Override
    public void onApplicationEvent(ContextClosedEvent event) {
        if (event.getApplicationContext() == context) {
            closing = true;
        }
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        if (closing) {
            exchange.getResponse().getHeaders().set(HttpHeaders.CONNECTION, "close");
            return Mono.error(ApiException.unavailable("The gateway is shutting down; retry on a new connection",
                    properties.retryAfter()));
        }
        String path = exchange.getRequest().getPath().pathWithinApplication().value();
        return RequestClass.of(path).map(type -> admit(type, exchange, chain)).orElseGet(() -> chain.filter(exchange));
    }

    private Mono<Void> admit(RequestClass type, ServerWebExchange exchange, WebFilterChain chain) {
        long arrivedAt = System.nanoTime();
        Duration budget = properties.deadline(type);
        RequestDeadline deadline = RequestDeadline.in(budget);
        // the body first, without a permit: a client that sends it slowly, or never, holds its own connection, not a
        // permit others need (a few dozen such connections once shut out every OAuth2 and authorization request)
        AtomicBoolean bodyRead = new AtomicBoolean(!WholeBody.expected(exchange.getRequest()));
        Mono<Void> served = bodyRead.get() ? enter(type, arrivedAt, exchange, chain)
                : WholeBody.read(exchange, maxBodyBytes).flatMap(body -> {
                    bodyRead.set(true);
                    return enter(type, arrivedAt, body.exchange(), chain);
                });
        return served
                .timeout(deadline.expiry(properties.committedGrace()), Mono.error(() -> bodyRead.get()
                        ? ApiException.unavailable("The request could not be answered within its deadline of "
                                + budget.toMillis() + " ms; retry", properties.retryAfter())
                        : bodyLate(exchange, budget)))
                .contextWrite(context -> context.put(RequestDeadline.class, deadline));
    }

    /** 408, and the connection closed: what the client still sends of that body can no longer be told from a request. */
    private static ApiException bodyLate(ServerWebExchange exchange, Duration budget) {
        exchange.getResponse().getHeaders().set(HttpHeaders.CONNECTION, "close");
        return new ApiException(HttpStatus.REQUEST_TIMEOUT, "request_timeout",
                "The request's body did not arrive within " + budget.toMillis() + " ms of its head");
    }

    private Mono<Void> enter(RequestClass type, long arrivedAt, ServerWebExchange exchange, WebFilterChain chain) {
        AdmissionGate gate = gates.get(type);
        AdmissionGate.Permit free = gate.tryEnter();
        Mono<Void> served;
        if (free != null) {
            served = serve(type, free, arrivedAt, exchange, chain);
        } else {
            switch (gate.join()) {
                case Refusal refusal -> {
                    return Mono.error(refuse(type, refusal, arrivedAt, exchange));
                }
                case AdmissionGate.Place.InLine inLine -> served = inLine.turn().timeout(properties.maxWait())
                        .onErrorMap(TimeoutException.class, late -> refuse(type, Refusal.WAITED, arrivedAt, exchange))
                        .flatMap(permit -> serve(type, permit, arrivedAt, exchange, chain));
            }
        }
        return served;
    }

    /** Counts a refusal by its reason, times it from arrival to its 503 being committed, and says why. */
    private ApiException refuse(RequestClass type, Refusal reason, long arrivedAt, ServerWebExchange exchange) {
        rejected.get(type).get(reason).increment();
        exchange.getResponse().beforeCommit(() -> {
            refusals.get(type).record(System.nanoTime() - arrivedAt, TimeUnit.NANOSECONDS);
            return Mono.empty();
        });
        return ApiException.unavailable("The gateway is at capacity for this kind of request; retry shortly",
                properties.retryAfter());
    }

    private Mono<Void> serve(RequestClass type, AdmissionGate.Permit permit, long arrivedAt, ServerWebExchange exchange,
            WebFilterChain chain) {
        // back when the answer is committed: from then on its client may send the next request on the same connection,
        // which must not find the permit of the answer it has just read still taken
        exchange.getResponse().beforeCommit(() -> {
            permit.release();
            return Mono.empty();
        });
        return chain.filter(exchange)
                .doFinally(signal -> {
                    permit.release();
                    timers.get(type).get(Outcome.of(exchange.getResponse().getStatusCode()))
                            .record(System.nanoTime() - arrivedAt, TimeUnit.NANOSECONDS);
                });
    }

    /** How an admitted request ended, as the HTTP status classes (an error not yet written counts as a server error). */
    private enum Outcome {
        SUCCESS, CLIENT_ERROR, SERVER_ERROR, UNKNOWN;

        static Outcome of(HttpStatusCode status) {
            if (status == null) {
                return UNKNOWN;
            }
            return status.is2xxSuccessful() || status.is3xxRedirection() ? SUCCESS
                    : status.is4xxClientError() ? CLIENT_ERROR : SERVER_ERROR;
        }
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }

    /** Its name in the checkpoint WebFlux makes for each filter on every request: a constant, not a formatted hash code. */
    @Override
    public String toString() {
        return "AdmissionControl";
    }
}
