package io.sigillum.gateway.admission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

class StoreGateTests {

    /** A probe the test answers by hand: each probe is a new sink, counted. */
    private static final class Probes {

        final AtomicInteger started = new AtomicInteger();
        volatile Sinks.One<String> current;

        Mono<?> next() {
            started.incrementAndGet();
            current = Sinks.one();
            return current.asMono();
        }

        void answer() {
            current.tryEmitValue("PONG");
        }

        /** A gate over these probes, closed by a failed call. */
        StoreGate closedGate(Duration probeDeadline) {
            return StoreGateTests.closedGate(this::next, probeDeadline);
        }
    }

    private static StoreGate closedGate(Supplier<Mono<?>> probe, Duration probeDeadline) {
        StoreGate gate = new StoreGate(probe, probeDeadline);
        gate.failed();
        return gate;
    }

    @Test
    void anOpenGateAnswersAtOnceWithoutProbing() {
        Probes probes = new Probes();
        StoreGate gate = new StoreGate(probes::next, Duration.ofSeconds(1));
        assertThat(gate.open()).isTrue();
        assertThat(gate.openOrProbe().block(Duration.ofSeconds(1))).isTrue();
        assertThat(probes.started).hasValue(0);
    }

    @Test
    void theFirstQuestionAfterAFailureWaitsForItsProbeAndTheStoreBackOpensTheGate() {
        StoreGate gate = closedGate(() -> Mono.just("PONG"), Duration.ofSeconds(1));
        assertThat(gate.openOrProbe().block(Duration.ofSeconds(1))).isTrue();
        assertThat(gate.open()).isTrue();
    }

    @Test
    void whileAProbeRunsTheOtherQuestionsAreAnsweredNoAtOnce() {
        Probes probes = new Probes();
        StoreGate gate = probes.closedGate(Duration.ofSeconds(5));
        gate.openOrProbe().subscribe();

        assertThat(gate.openOrProbe().block(Duration.ofMillis(100))).isFalse();
        assertThat(gate.open()).isFalse();
        assertThat(probes.started).hasValue(1);

        probes.answer();
        assertThat(gate.openOrProbe().block(Duration.ofSeconds(1))).isTrue();
    }

    @Test
    void aProbeThatIsNotAnsweredInTimeKeepsTheGateClosedAndTheNextQuestionProbesAgain() {
        Probes probes = new Probes();
        StoreGate gate = probes.closedGate(Duration.ofMillis(100));
        assertThat(gate.openOrProbe().block(Duration.ofSeconds(2))).isFalse();
        // once the first probe has given up, a question starts another
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            assertThat(gate.openOrProbe().block(Duration.ofSeconds(2))).isFalse();
            assertThat(probes.started).hasValue(2);
        });
    }

    @Test
    void aFailedProbeKeepsTheGateClosed() {
        StoreGate gate = closedGate(() -> Mono.error(new IllegalStateException("connection refused")), Duration.ofSeconds(1));
        assertThat(gate.openOrProbe().block(Duration.ofSeconds(1))).isFalse();
        assertThat(gate.open()).isFalse();
    }

    @Test
    void duringAnOutageTheQuestionThatProbesIsAnsweredNoAfterItsPatienceAndTheProbeGoesOnWithoutIt() {
        Probes probes = new Probes();
        StoreGate gate = probes.closedGate(Duration.ofSeconds(30));
        long started = System.nanoTime();
        assertThat(gate.openOrProbe().block(Duration.ofSeconds(5))).isFalse();
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(StoreGate.PATIENCE);

        // the probe still runs: the next question does not start another, and its answer opens the gate
        assertThat(gate.openOrProbe().block(Duration.ofMillis(100))).isFalse();
        assertThat(probes.started).hasValue(1);
        probes.answer();
        assertThat(gate.open()).isTrue();
    }

    @Test
    void aQuestionGivenUpOnLeavesItsProbeRunning() {
        Probes probes = new Probes();
        StoreGate gate = probes.closedGate(Duration.ofSeconds(30));
        Disposable gone = gate.openOrProbe().subscribe();
        gone.dispose();

        probes.answer();
        assertThat(probes.started).hasValue(1);
        assertThat(gate.openOrProbe().block(Duration.ofSeconds(1))).isTrue();
    }

    @Test
    void theBackgroundProbeOfAPlainQuestionReopensTheGate() {
        Probes probes = new Probes();
        StoreGate gate = probes.closedGate(Duration.ofSeconds(5));
        assertThat(gate.open()).isFalse();
        assertThat(gate.open()).isFalse();
        assertThat(probes.started).hasValue(1);
        probes.answer();
        assertThat(gate.open()).isTrue();
    }
}
