package io.sigillum.gateway.admission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.channel.DefaultEventLoop;
import io.sigillum.gateway.web.ApiException;
import io.sigillum.gateway.web.HttpLimitsProperties;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.support.StaticApplicationContext;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpStatus;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.util.unit.DataSize;
import org.springframework.web.server.WebFilterChain;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.test.StepVerifier;

/** The edge admits a bounded number of requests per class, refuses the rest at once, and holds none past its deadline. */
class AdmissionControlTests {

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    private final StaticApplicationContext context = new StaticApplicationContext();

    private AdmissionControl control(int signingLimit, Duration signingDeadline) {
        return control(signingLimit, signingDeadline, 0);
    }

    private AdmissionControl control(int signingLimit, Duration signingDeadline, int linePercent) {
        return control(signingLimit, signingDeadline, linePercent, Duration.ofMinutes(1));
    }

    private AdmissionControl control(int signingLimit, Duration signingDeadline, int linePercent, Duration standingAfter) {
        AdmissionProperties properties = new AdmissionProperties(signingLimit, signingDeadline, Duration.ofMillis(100),
                4, Duration.ofSeconds(5), 4, Duration.ofSeconds(10), 4, Duration.ofSeconds(10), Duration.ofSeconds(3),
                Duration.ofSeconds(1), 4, Duration.ofSeconds(10), linePercent, Duration.ofMillis(300), standingAfter);
        return new AdmissionControl(properties, new HttpLimitsProperties(DataSize.ofMegabytes(1), List.of(), Duration.ofSeconds(30)),
                meters, context);
    }

    /** Signing requests refused for {@code reason} (full, standing, waited). */
    private double rejected(String reason) {
        return meters.get("sigillum.admission.rejected").tag("class", "signing").tag("reason", reason).counter().count();
    }

    private double rejectedForAnyReason() {
        return meters.get("sigillum.admission.rejected").tag("class", "signing").counters().stream()
                .mapToDouble(Counter::count).sum();
    }

    private double gauge(String name) {
        return meters.get(name).tag("class", "signing").gauge().value();
    }

    private static MockServerWebExchange post(String path) {
        return MockServerWebExchange.from(MockServerHttpRequest.post(path));
    }

    @Test
    void signingHasRoomToSpareOnlyWhileFewerThanHalfItsPermitsAreTaken() {
        AdmissionControl control = control(4, Duration.ofSeconds(5));
        WebFilterChain hanging = exchange -> Mono.never();
        assertThat(control.roomToSpare()).isTrue();
        Disposable first = control.filter(post("/csc/v2/signatures/signHash"), hanging).subscribe();
        assertThat(control.roomToSpare()).isTrue();
        Disposable second = control.filter(post("/csc/v2/signatures/signHash"), hanging).subscribe();
        assertThat(control.roomToSpare()).isFalse();
        // other classes' requests do not count
        Disposable other = control.filter(post("/oauth2/token"), hanging).subscribe();
        second.dispose();
        assertThat(control.roomToSpare()).isTrue();
        first.dispose();
        other.dispose();
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
        assertThat(rejected("full")).as("no line: full at once").isEqualTo(1);
        assertThat(rejectedForAnyReason()).isEqualTo(1);
        assertThat(meters.get("sigillum.admission.in.flight").tag("class", "signing").gauge().value()).isEqualTo(2);

        // another class is not affected by a full signing class; probes are never shed
        StepVerifier.create(control.filter(post("/api/v1/products"), exchange -> Mono.empty())).verifyComplete();
        StepVerifier.create(control.filter(post("/actuator/health"), exchange -> Mono.empty())).verifyComplete();

        first.dispose(); // the client went away: its permit comes back
        StepVerifier.create(control.filter(post("/csc/v2/signatures/signHash"), exchange -> Mono.empty())).verifyComplete();
        second.dispose();
    }

    @Test
    void aBodyStillOnItsWayHoldsNoPermitAndEndsIn408WithTheConnectionClosedAtTheDeadline() {
        AdmissionControl control = control(1, Duration.ofMillis(400));
        Sinks.Many<DataBuffer> trickle = Sinks.many().unicast().onBackpressureBuffer();
        MockServerWebExchange slow = MockServerWebExchange.from(MockServerHttpRequest.post("/csc/v2/signatures/signHash")
                .header("Content-Length", "100").body(trickle.asFlux()));
        List<String> read = new CopyOnWriteArrayList<>();
        WebFilterChain reading = exchange -> DataBufferUtils.join(exchange.getRequest().getBody())
                .doOnNext(body -> read.add(body.toString(StandardCharsets.US_ASCII))).then();
        trickle.tryEmitNext(slow.getResponse().bufferFactory().wrap("{\"credentialID\"".getBytes(StandardCharsets.US_ASCII)));

        StepVerifier.create(control.filter(slow, reading))
                .then(() -> StepVerifier.create(control.filter(post("/csc/v2/signatures/signHash"), exchange -> Mono.empty()))
                        .as("the only permit is free while the body trickles").verifyComplete())
                .expectErrorSatisfies(error -> {
                    assertThat(((ApiException) error).status()).isEqualTo(HttpStatus.REQUEST_TIMEOUT);
                    assertThat(error).hasMessageContaining("body did not arrive within 400 ms");
                })
                .verify(Duration.ofSeconds(2));
        assertThat(slow.getResponse().getHeaders().getConnection()).containsExactly("close");
        assertThat(read).as("no handler saw half a body").isEmpty();

        // a body that does arrive is handed on whole, as sent
        MockServerWebExchange whole = MockServerWebExchange.from(MockServerHttpRequest.post("/csc/v2/signatures/signHash")
                .header("Content-Length", "7").body(Flux.just("{\"a\"", ":1}").map(part -> slow.getResponse().bufferFactory()
                        .wrap(part.getBytes(StandardCharsets.US_ASCII)))));
        StepVerifier.create(control.filter(whole, reading)).verifyComplete();
        assertThat(read).containsExactly("{\"a\":1}");
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
        assertThat(rejectedForAnyReason()).isZero();
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
    void aRequestBeyondTheLimitWaitsInALineOfBoundedLengthAndTakesTheNextPermitInTurn() {
        AdmissionControl control = control(2, Duration.ofSeconds(5), 50); // a line of one
        List<String> started = new CopyOnWriteArrayList<>();
        Sinks.Empty<Void> firstDone = Sinks.empty();
        Disposable first = control.filter(post("/csc/v2/signatures/signHash"),
                exchange -> firstDone.asMono().doOnSubscribe(s -> started.add("first"))).subscribe();
        Disposable second = control.filter(post("/csc/v2/signatures/signHash"),
                exchange -> Mono.<Void>never().doOnSubscribe(s -> started.add("second"))).subscribe();
        Disposable third = control.filter(post("/csc/v2/signatures/signHash"),
                exchange -> Mono.<Void>never().doOnSubscribe(s -> started.add("third"))).subscribe();
        assertThat(started).containsExactly("first", "second");
        assertThat(gauge("sigillum.admission.waiting")).isEqualTo(1);

        // the line is full: the next is refused at once
        StepVerifier.create(control.filter(post("/csc/v2/signatures/signHash"), exchange -> Mono.empty()))
                .expectErrorSatisfies(error -> assertThat(((ApiException) error).status())
                        .isEqualTo(HttpStatus.SERVICE_UNAVAILABLE))
                .verify(Duration.ofSeconds(1));
        assertThat(rejected("full")).isEqualTo(1);
        assertThat(rejectedForAnyReason()).isEqualTo(1);

        // a permit given back goes to the one in line
        firstDone.tryEmitEmpty();
        assertThat(started).containsExactly("first", "second", "third");
        assertThat(gauge("sigillum.admission.waiting")).isZero();
        assertThat(gauge("sigillum.admission.in.flight")).isEqualTo(2);
        first.dispose();
        second.dispose();
        third.dispose();
        assertThat(gauge("sigillum.admission.in.flight")).isZero();
    }

    @Test
    void aPermitHandedToARequestWhoseEventLoopHasShutDownStillReachesItAndComesBack() throws Exception {
        AdmissionControl control = control(1, Duration.ofSeconds(5), 100);
        Sinks.Empty<Void> holderDone = Sinks.empty();
        Disposable holder = control.filter(post("/csc/v2/signatures/signHash"), exchange -> holderDone.asMono()).subscribe();
        AtomicInteger started = new AtomicInteger();
        DefaultEventLoop loop = new DefaultEventLoop();
        try {
            loop.submit(() -> control.filter(post("/csc/v2/signatures/signHash"),
                    exchange -> Mono.<Void>empty().doOnSubscribe(s -> started.incrementAndGet())).subscribe()).sync();
        } finally {
            loop.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS).sync();
        }
        assertThat(gauge("sigillum.admission.waiting")).isEqualTo(1);

        holderDone.tryEmitEmpty();
        holder.dispose();

        assertThat(started).hasValue(1);
        assertThat(gauge("sigillum.admission.in.flight")).isZero();
    }

    @Test
    void aRequestThatLeavesTheLineOrWaitsTooLongGivesNoPermitAwayAndTakesNone() {
        AdmissionControl control = control(1, Duration.ofSeconds(5), 200); // a line of two
        Sinks.Empty<Void> holderDone = Sinks.empty();
        Disposable holder = control.filter(post("/csc/v2/signatures/signHash"), exchange -> holderDone.asMono()).subscribe();
        AtomicInteger started = new AtomicInteger();
        Disposable gone = control.filter(post("/csc/v2/signatures/signHash"),
                exchange -> Mono.<Void>empty().doOnSubscribe(s -> started.incrementAndGet())).subscribe();
        assertThat(gauge("sigillum.admission.waiting")).isEqualTo(1);
        gone.dispose(); // its client went away while it waited
        assertThat(gauge("sigillum.admission.waiting")).isZero();

        // one that waits past max-wait (300 ms here) is refused, and took no permit
        StepVerifier.create(control.filter(post("/csc/v2/signatures/signHash"), exchange -> Mono.empty()))
                .expectErrorSatisfies(error -> assertThat(((ApiException) error).status())
                        .isEqualTo(HttpStatus.SERVICE_UNAVAILABLE))
                .verify(Duration.ofSeconds(2));
        assertThat(gauge("sigillum.admission.waiting")).isZero();
        assertThat(rejected("waited")).isEqualTo(1);
        assertThat(rejectedForAnyReason()).isEqualTo(1);

        holderDone.tryEmitEmpty();
        holder.dispose();
        assertThat(started).as("the request that left never ran").hasValue(0);
        assertThat(gauge("sigillum.admission.in.flight")).isZero();
        StepVerifier.create(control.filter(post("/csc/v2/signatures/signHash"), exchange -> Mono.empty())).verifyComplete();
        assertThat(gauge("sigillum.admission.in.flight")).isZero();
    }

    @Test
    void aLineThatHasNotEmptiedForAWhileIsStandingAndNobodyJoinsItUntilItEmpties() throws Exception {
        AdmissionControl control = control(1, Duration.ofSeconds(5), 500, Duration.ofMillis(50)); // a line of five
        Sinks.Empty<Void> holderDone = Sinks.empty();
        Disposable holder = control.filter(post("/csc/v2/signatures/signHash"), exchange -> holderDone.asMono()).subscribe();
        Disposable first = control.filter(post("/csc/v2/signatures/signHash"), exchange -> Mono.never()).subscribe();
        assertThat(gauge("sigillum.admission.waiting")).isEqualTo(1);
        Thread.sleep(100); // the line has not emptied for longer than 50 ms: it stands

        StepVerifier.create(control.filter(post("/csc/v2/signatures/signHash"), exchange -> Mono.empty()))
                .expectError(ApiException.class).verify(Duration.ofSeconds(1));
        assertThat(gauge("sigillum.admission.waiting")).as("refused although there was room").isEqualTo(1);

        first.dispose(); // the line empties: it may be joined again
        Disposable second = control.filter(post("/csc/v2/signatures/signHash"), exchange -> Mono.never()).subscribe();
        assertThat(gauge("sigillum.admission.waiting")).isEqualTo(1);
        assertThat(rejected("standing")).isEqualTo(1);
        assertThat(rejectedForAnyReason()).isEqualTo(1);
        holderDone.tryEmitEmpty();
        holder.dispose();
        second.dispose();
    }

    @Test
    void manyRequestsFromManyThreadsThroughAShortLineNeitherLoseNorMintPermits() throws Exception {
        AdmissionControl control = control(4, Duration.ofSeconds(5), 100);
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        WebFilterChain briefly = exchange -> Mono.fromRunnable(() -> most.accumulateAndGet(inside.incrementAndGet(), Math::max))
                .then(Mono.delay(Duration.ofMillis(1))).doOnTerminate(inside::decrementAndGet).then();
        List<Mono<String>> calls = new java.util.ArrayList<>();
        for (int i = 0; i < 400; i++) {
            calls.add(control.filter(post("/csc/v2/signatures/signHash"), briefly).thenReturn("ok")
                    .onErrorReturn(ApiException.class, "refused")
                    .subscribeOn(reactor.core.scheduler.Schedulers.parallel()));
        }
        List<String> outcomes = Flux.merge(calls).collectList().block(Duration.ofSeconds(30));
        assertThat(outcomes).hasSize(400).contains("ok");
        assertThat(most.get()).as("never more than the limit at once").isLessThanOrEqualTo(4);
        // a permit comes back in doFinally, which Reactor runs after the completion has reached the subscriber: the last
        // one may still be on its way when block() returns; a lost permit would never come back
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(gauge("sigillum.admission.in.flight")).isZero());
        assertThat(gauge("sigillum.admission.waiting")).isZero();
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
