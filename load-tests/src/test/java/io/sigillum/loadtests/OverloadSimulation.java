package io.sigillum.loadtests;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.global;
import static io.gatling.javaapi.core.CoreDsl.rampUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.responseTimeInMillis;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpProtocolBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * signHash far beyond what the gateway can serve (open model: arrivals do not slow down when the server does), to check
 * that excess load is shed at the edge: every answer is a 200 (signed and audited) or a fast 503 + Retry-After, nothing
 * waits. A warm-up comes first and is not counted: a ramp from a quarter of the rate to the full rate, so that the refusal
 * path too is compiled by the JIT before anything is measured (a warm-up below capacity never refuses, and the first
 * thousands of refusals would otherwise be timed in the interpreter). Response times are recorded per status, so
 * accepted and refused requests are judged separately; the summary is printed and written to {@code summary} for the
 * driving script (load-tests/overload.sh) to check against its limits.
 *
 * <p>System properties: {@code baseUrl}, {@code outbox} (the dev outbox), {@code rate} (arrivals/s), {@code seconds}
 * (measured, 60), {@code warmup} (seconds, 30), {@code summary} (file), {@code sadFile} (where the SAD is written, so
 * the script can account for it afterwards).
 */
@SuppressWarnings("this-escape") // Gatling's DSL is declared in the instance initializer, as Gatling requires
public class OverloadSimulation extends Simulation {

    private static final String BASE_URL = System.getProperty("baseUrl", "http://127.0.0.1:8080");
    private static final int RATE = Integer.getInteger("rate", 4000);
    private static final int SECONDS = Integer.getInteger("seconds", 60);
    private static final int WARMUP = Integer.getInteger("warmup", 30);
    private static final Path SUMMARY = Path.of(System.getProperty("summary", "target/overload-summary.txt"));

    private static final CscSetup.Session SESSION = CscSetup.prepare(BASE_URL, System.getProperty("outbox", "dev-outbox/sms.jsonl"),
            1, 100_000_000);
    private static final Map<String, ConcurrentLinkedQueue<Integer>> TIMES = new ConcurrentHashMap<>();

    static {
        String sadFile = System.getProperty("sadFile");
        if (sadFile != null) {
            try {
                Files.writeString(Path.of(sadFile), SESSION.sad());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private final HttpProtocolBuilder protocol = http.baseUrl(BASE_URL)
            .acceptHeader("application/json")
            .contentTypeHeader("application/json")
            .shareConnections();

    /** {@code phase} prefixes the recorded statuses: "" for the measured phase, "warmup_" for the warm-up. */
    private ChainBuilder signHash(String name, String phase) {
        return exec(http(name).post("/csc/v2/signatures/signHash")
                .header("Authorization", "Bearer " + SESSION.token())
                .body(StringBody(SESSION.signHashBody()))
                .check(status().in(200, 503).saveAs("status"), responseTimeInMillis().saveAs("ms")))
                .exec(session -> {
                    if (session.contains("status")) {
                        TIMES.computeIfAbsent(phase + session.getInt("status"), k -> new ConcurrentLinkedQueue<>())
                                .add(session.getInt("ms"));
                    }
                    return session;
                });
    }

    {
        setUp(scenario("warm-up").exec(signHash("signHash warm-up", "warmup_"))
                        .injectOpen(rampUsersPerSec(Math.max(1, RATE / 4)).to(RATE).during(Duration.ofSeconds(WARMUP)))
                        .andThen(scenario("overload " + RATE + "/s").exec(signHash("signHash overload", ""))
                                .injectOpen(constantUsersPerSec(RATE).during(Duration.ofSeconds(SECONDS)))))
                .protocols(protocol)
                .maxDuration(Duration.ofSeconds(WARMUP + SECONDS + 60L))
                // anything but 200 or 503 (a 500, a timeout, a refused connection) fails the run
                .assertions(global().failedRequests().count().is(0L));
    }

    @Override
    public void after() {
        StringBuilder summary = new StringBuilder();
        summary.append(String.format(Locale.ROOT, "rate=%d seconds=%d%n", RATE, SECONDS));
        new TreeMap<>(TIMES).forEach((status, queue) -> {
            int[] ms = queue.stream().mapToInt(Integer::intValue).sorted().toArray();
            String key = status.startsWith("warmup_") ? status : "status_" + status;
            summary.append(String.format(Locale.ROOT, "%s_count=%d%n%s_p50_ms=%d%n%s_p99_ms=%d%n%s_max_ms=%d%n",
                    key, ms.length, key, percentile(ms, 50), key, percentile(ms, 99), key, ms.length == 0 ? 0 : ms[ms.length - 1]));
        });
        System.out.print("---- overload summary ----\n" + summary);
        try {
            Files.createDirectories(SUMMARY.toAbsolutePath().getParent());
            Files.writeString(SUMMARY, summary);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int percentile(int[] sorted, int percent) {
        if (sorted.length == 0) {
            return 0;
        }
        int index = (int) Math.ceil(percent / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }
}
