package io.sigillum.gateway.signdoc;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.sigillum.gateway.web.ApiException;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.util.unit.DataSize;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.test.StepVerifier;

class DssWorkTests {

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final DssWork work = new DssWork(new SignDocProperties(DataSize.ofKilobytes(512), 8, 1, 1, 1, Duration.ofSeconds(2)),
            meters);

    @AfterEach
    void stop() {
        work.destroy();
    }

    @Test
    void aCallBeyondTheConcurrencyLimitIsRefusedAtOnceWithRetryAfterAndCounted() {
        Sinks.One<String> running = Sinks.one();
        StepVerifier.create(work.admit(running.asMono()))
                .then(() -> StepVerifier.create(work.admit(Mono.just("second")))
                        .expectErrorSatisfies(e -> {
                            assertThat(e).isInstanceOf(ApiException.class);
                            assertThat(((ApiException) e).status()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
                            assertThat(((ApiException) e).retryAfter()).contains(Duration.ofSeconds(2));
                        })
                        .verify(Duration.ofSeconds(5)))
                .then(() -> running.tryEmitValue("first"))
                .expectNext("first")
                .verifyComplete();

        assertThat(meters.get("sigillum.signdoc.refused").tag("reason", "busy").counter().count()).isEqualTo(1);
        StepVerifier.create(work.admit(Mono.just("after"))).expectNext("after").verifyComplete();
    }

    @Test
    void aLinkageErrorInTheWorkFailsTheCallAtOnceInsteadOfLeavingItToItsDeadline() {
        StepVerifier.create(work.run(() -> {
            throw new NoClassDefFoundError("Could not initialize class eu.europa.esig.dss.crl.CRLUtils");
        }))
                .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(IllegalStateException.class)
                        .hasCauseInstanceOf(NoClassDefFoundError.class))
                .verify(Duration.ofSeconds(5));
        StepVerifier.create(work.run(() -> "after")).expectNext("after").verifyComplete();
    }

    @Test
    void blockingWorkRunsOffTheCallersThreadOnTheSigndocScheduler() {
        StepVerifier.create(work.run(() -> Thread.currentThread().getName()))
                .assertNext(name -> assertThat(name).startsWith("signdoc"))
                .verifyComplete();
    }
}
