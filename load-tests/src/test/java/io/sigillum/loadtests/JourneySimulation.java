package io.sigillum.loadtests;

import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.details;
import static io.gatling.javaapi.core.CoreDsl.global;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;

import io.gatling.javaapi.core.Assertion;
import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpProtocolBuilder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * A journey under an open model (arrivals per second, which do not slow down when the gateway does): a warm-up at the
 * same rate, not counted, then the measured phase; the whole run bounded by {@code maxDuration}. Assertions: under 1 %
 * of all requests failed, and each step's p99 in the measured phase under {@code p99} ms. The {@link JourneyReport}
 * summary is printed at the end and written to {@code summary}.
 *
 * <p>System properties: {@code baseUrl} (http://127.0.0.1:8080), {@code outbox} (the gateway's dev outbox file),
 * {@code rate} (journeys started per second), {@code seconds} (measured, 20), {@code warmup} (seconds, 10),
 * {@code p99} (ms, 1500), {@code summary} (a file for the summary), {@code gatewayPid} (the gateway JVM, for its CPU).
 */
@SuppressWarnings("this-escape") // Gatling's DSL is declared in the instance initializer, as Gatling requires
public abstract class JourneySimulation extends Simulation {

    static final String BASE_URL = System.getProperty("baseUrl", "http://127.0.0.1:8080");
    static final Outbox OUTBOX = new Outbox(Path.of(System.getProperty("outbox", "dev-outbox/sms.jsonl")));
    static final int SECONDS = Integer.getInteger("seconds", 20);
    static final int WARMUP = Integer.getInteger("warmup", 10);
    static final int P99_MS = Integer.getInteger("p99", 1500);

    private final int rate;
    private final JourneyReport report;

    JourneySimulation(String title, int defaultRate) {
        this.rate = Integer.getInteger("rate", defaultRate);
        this.report = new JourneyReport(title);
    }

    /** Journeys per second in both phases. */
    final int rate() {
        return rate;
    }

    /** A protocol for a client that does not follow redirects (the journeys read them) and keeps its connections. */
    static HttpProtocolBuilder protocol() {
        return http.baseUrl(BASE_URL).disableFollowRedirect().shareConnections();
    }

    /** Sets the run up: {@code journey} is built for the warm-up and for the measured phase. */
    final void run(Function<JourneyReport.Phase, ChainBuilder> journey, HttpProtocolBuilder protocol) {
        ChainBuilder warmUp = journey.apply(report.warmUp());
        ChainBuilder measured = journey.apply(report.measured());
        List<Assertion> assertions = new ArrayList<>(List.of(global().failedRequests().percent().lt(1.0)));
        report.steps().forEach(step -> assertions.add(details(step).responseTime().percentile(99.0).lt(P99_MS)));
        setUp(scenario("warm-up").exec(warmUp).injectOpen(constantUsersPerSec(rate).during(Duration.ofSeconds(WARMUP)))
                .andThen(scenario("measured").exec(measured).injectOpen(constantUsersPerSec(rate).during(Duration.ofSeconds(SECONDS)))))
                .protocols(protocol)
                .maxDuration(Duration.ofSeconds(WARMUP + SECONDS + 60L))
                .assertions(assertions);
    }

    @Override
    public void after() {
        String summary = System.getProperty("summary", "");
        report.print(String.format(Locale.ROOT, "open model, %d journeys/s for %d s after a %d s warm-up (not counted)",
                rate, SECONDS, WARMUP), summary.isBlank() ? null : Path.of(summary));
    }
}
