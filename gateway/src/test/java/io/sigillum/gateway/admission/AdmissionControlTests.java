package io.sigillum.gateway.admission;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.sigillum.gateway.web.ApiException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.support.StaticApplicationContext;
import org.springframework.http.HttpStatus;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.web.server.WebFilterChain;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/** The edge admits a bounded number of requests per class, refuses the rest at once, and holds none past its deadline. */
class AdmissionControlTests {

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    private final StaticApplicationContext context = new StaticApplicationContext();

    private AdmissionControl control(int signingLimit, Duration signingDeadline) {
        AdmissionProperties properties = new AdmissionProperties(signingLimit, signingDeadline, Duration.ofMillis(100),
                4, Duration.ofSeconds(5), 4, Duration.ofSeconds(10), 4, Duration.ofSeconds(10), Duration.ofSeconds(3),
                Duration.ofSeconds(1), 4, Duration.ofSeconds(10));
        return new AdmissionControl(properties, meters, context);
    }

    private static MockServerWebExchange post(String path) {
        return MockServerWebExchange.from(MockServerHttpRequest.post(path));
    }

    @Test
    void beyondTheLimitARequestIsRefusedAtOnceAndAFreedPermitAdmitsTheNext() {
        AdmissionControl control = control(2, Duration.ofSeconds(5));
        AtomicInteger started = new AtomicInteger();
        WebFilterChain hanging = exchange -> Mono.<Void>never().doOnSubscribe(s -> started.incrementAndGet());
        Disposable first = control.filter(post("/csc/v2/signatures/signHash"), hanging).subscribe();
        Disposable second = control.filter(post("/csc/v2/signatures/signHash"), hanging).subscribe();

        StepVerifier.create(control.filter(post("/csc/v2/signatures/signHash"), hanging))
                .expectErrorSatisfies(error -> {
                    assertThat(error).isInstanceOf(ApiException.class);
                    ApiException refused = (ApiException) error;
                    assertThat(refused.status()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
                    assertThat(refused.retryAfter()).contains(Duration.ofSeconds(1));
                })
                .verify(Duration.ofSeconds(1));
        assertThat(started).hasValue(2);
        assertThat(meters.counter("sigillum.admission.rejected", "class", "signing").count()).isEqualTo(1);
        assertThat(meters.get("sigillum.admission.in.flight").tag("class", "signing").gauge().value()).isEqualTo(2);

        // another class is not affected by a full signing class; probes are never shed
        StepVerifier.create(control.filter(post("/api/v1/products"), exchange -> Mono.empty())).verifyComplete();
        StepVerifier.create(control.filter(post("/actuator/health"), exchange -> Mono.empty())).verifyComplete();

        first.dispose(); // the client went away: its permit comes back
        StepVerifier.create(control.filter(post("/csc/v2/signatures/signHash"), exchange -> Mono.empty())).verifyComplete();
        second.dispose();
    }

    @Test
    void onceItsContextClosesEveryRequestIsRefusedWithConnectionClose() {
        AdmissionControl control = control(2, Duration.ofSeconds(5));
        AtomicInteger started = new AtomicInteger();
        WebFilterChain counting = exchange -> Mono.<Void>empty().doOnSubscribe(s -> started.incrementAndGet());

        control.onApplicationEvent(new ContextClosedEvent(new StaticApplicationContext()));
        StepVerifier.create(control.filter(post("/csc/v2/info"), counting)).as("another context's close").verifyComplete();

        control.onApplicationEvent(new ContextClosedEvent(context));
        for (String path : new String[] {"/csc/v2/signatures/signHash", "/oauth2/token", "/actuator/health"}) {
            MockServerWebExchange exchange = post(path);
            StepVerifier.create(control.filter(exchange, counting))
                    .expectErrorSatisfies(error -> assertThat(((ApiException) error).status())
                            .isEqualTo(HttpStatus.SERVICE_UNAVAILABLE))
                    .verify(Duration.ofSeconds(1));
            assertThat(exchange.getResponse().getHeaders().getConnection()).containsExactly("close");
        }
        assertThat(started).as("nothing behind admission ran once closing").hasValue(1);
    }

    @Test
    void aRefusalIsTimedWhenIts503IsCommitted() {
        AdmissionControl control = control(1, Duration.ofSeconds(5));
        Disposable holder = control.filter(post("/csc/v2/signatures/signHash"), exchange -> Mono.never()).subscribe();
        MockServerWebExchange refused = post("/csc/v2/signatures/signHash");
        StepVerifier.create(control.filter(refused, exchange -> Mono.empty())).expectError(ApiException.class).verify();
        Timer refusals = meters.get("sigillum.admission.refusals").tag("class", "signing").timer();
        assertThat(refusals.count()).as("not before its answer is written").isZero();

        refused.getResponse().setComplete().block(Duration.ofSeconds(1));
        assertThat(refusals.count()).isEqualTo(1);
        holder.dispose();
    }

    @Test
    void aPermitComesBackWhenTheAnswerIsCommittedAndOnlyOnce() {
        AdmissionControl control = control(1, Duration.ofSeconds(5));
        // the answer is committed, but the chain has not finished (its completion still travels back through Reactor)
        WebFilterChain answersThenLingers = exchange -> exchange.getResponse().setComplete().then(Mono.never());
        Disposable first = control.filter(post("/csc/v2/signatures/signHash"), answersThenLingers).subscribe();

        // the client read its answer and sends the next request on the same connection: it is admitted
        Disposable second = control.filter(post("/csc/v2/signatures/signHash"), answersThenLingers).subscribe();
        assertThat(meters.counter("sigillum.admission.rejected", "class", "signing").count()).isZero();
        assertThat(meters.get("sigillum.admission.in.flight").tag("class", "signing").gauge().value()).isZero();

        // the first request ending now does not return its permit a second time: the limit stays 1
        first.dispose();
        second.dispose();
        WebFilterChain hanging = exchange -> Mono.never();
        Disposable third = control.filter(post("/csc/v2/signatures/signHash"), hanging).subscribe();
        StepVerifier.create(control.filter(post("/csc/v2/signatures/signHash"), hanging))
                .expectError(ApiException.class)
                .verify(Duration.ofSeconds(1));
        third.dispose();
    }

    @Test
    void anAdmittedRequestIsAnsweredByItsDeadline() {
        AdmissionControl control = control(2, Duration.ofSeconds(2));
        // the deadline is taken on the real clock and the timers run in virtual time: the real time that passes between
        // the two (a loaded CI machine: milliseconds) brings the expiry forward, hence the margin before it
        StepVerifier.withVirtualTime(() -> control.filter(post("/csc/v2/signatures/signHash"), exchange -> Mono.never()))
                .expectSubscription()
                .expectNoEvent(Duration.ofMillis(1500))
                .thenAwait(Duration.ofMillis(500))
                .expectErrorSatisfies(error -> assertThat(((ApiException) error).status()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE))
                .verify(Duration.ofSeconds(1));
    }

    @Test
    void aRequestPastItsPointOfNoReturnIsSeenThroughForAGraceBeyondItsDeadline() {
        AdmissionControl control = control(2, Duration.ofSeconds(2));
        WebFilterChain spendsThenWaits = exchange -> RequestDeadline.commit(Duration.ofMillis(100), Duration.ofSeconds(1))
                .then(Mono.never());
        StepVerifier.withVirtualTime(() -> control.filter(post("/csc/v2/signatures/signHash"), spendsThenWaits))
                .expectSubscription()
                // past the 2 s deadline by far (real time between taking the deadline and arming the timer, see above,
                // only brings the expiry forward), and answered by the end of the 3 s grace
                .expectNoEvent(Duration.ofMillis(4500))
                .thenAwait(Duration.ofMillis(500))
                .expectErrorSatisfies(error -> assertThat(((ApiException) error).status()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE))
                .verify(Duration.ofSeconds(1));
    }

    @Test
    void workThatWouldNotFinishInTimeIsRefusedBeforeItStarts() {
        Duration reserve = Duration.ofSeconds(1);
        StepVerifier.create(RequestDeadline.commit(reserve, Duration.ofSeconds(1))
                        .contextWrite(c -> c.put(RequestDeadline.class, RequestDeadline.in(Duration.ofMillis(500)))))
                .expectErrorSatisfies(error -> assertThat(((ApiException) error).status()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE))
                .verify(Duration.ofSeconds(1));
        StepVerifier.create(RequestDeadline.commit(reserve, Duration.ofSeconds(1))
                        .contextWrite(c -> c.put(RequestDeadline.class, RequestDeadline.in(Duration.ofSeconds(2)))))
                .verifyComplete();
        StepVerifier.create(RequestDeadline.commit(reserve, Duration.ofSeconds(1))).verifyComplete();
    }

    @Test
    void pathsFallIntoTheirClasses() {
        assertThat(RequestClass.of("/csc/v2/signatures/signHash")).contains(RequestClass.SIGNING);
        assertThat(RequestClass.of("/csc/v2/signatures/signDoc")).contains(RequestClass.DOCUMENT);
        assertThat(RequestClass.of("/csc/v2/credentials/authorize")).contains(RequestClass.AUTHORIZATION);
        assertThat(RequestClass.of("/oauth2/token")).contains(RequestClass.AUTHORIZATION);
        assertThat(RequestClass.of("/csc/v2/credentials/info")).contains(RequestClass.OTHER);
        assertThat(RequestClass.of("/api/v1/applications")).contains(RequestClass.ISSUANCE);
        assertThat(RequestClass.of("/actuator/health")).isEmpty();
    }
}
