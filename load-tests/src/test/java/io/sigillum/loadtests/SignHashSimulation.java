package io.sigillum.loadtests;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.constantConcurrentUsers;
import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.details;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.global;
import static io.gatling.javaapi.core.CoreDsl.rampUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.responseTimeInMillis;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.PopulationBuilder;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Session;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpProtocolBuilder;
import io.gatling.javaapi.http.HttpRequestActionBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * signHash under load against a running gateway (the {@code loadtest} profile), with the HTTP ceiling of a constant
 * endpoint measured in the same run as the baseline. A platform token and one SAD (good for many signatures) are made
 * over the CSC API first by {@link CscSetup}; every request then signs {@code batch} hashes.
 *
 * <p>System properties: {@code baseUrl} (http://127.0.0.1:8080), {@code outbox} (the dev outbox file), {@code batch}
 * (1), {@code users} (concurrent users, 64), {@code seconds} (per phase, 20), {@code rate} (open-model requests/s for the
 * latency phase; 0 skips it), {@code phase} (baseline | closed | open | all), {@code warmup} (seconds of the open model's
 * warm-up, 20: its first half ramps from a tenth of the rate up to it, its second half holds the rate; its requests are
 * named {@code signHash warm-up} and neither asserted nor summarised),
 * {@code connections} (0: none; else Gatling's {@code maxConnectionsPerHost}, which in Gatling 3.15 does not bound the
 * shared pool: it opens a connection whenever none is idle, so a server pause raises the connections), {@code summary} (a file
 * for the measured open phase: per status count, p50, p99 and max of Gatling's response time and of the time from the
 * user's start, which includes waiting for a pooled connection; and the measured window in epoch milliseconds),
 * {@code control} (false; true: the open phase and its warm-up ask the constant endpoint instead, so that the same
 * rate's latency with next to no server work shows what the generator and the machine add by themselves).
 */
@SuppressWarnings("this-escape") // Gatling's DSL is declared in the instance initializer, as Gatling requires
public class SignHashSimulation extends Simulation {

    private static final String BASE_URL = System.getProperty("baseUrl", "http://127.0.0.1:8080");
    private static final int BATCH = Integer.getInteger("batch", 1);
    private static final int USERS = Integer.getInteger("users", 64);
    private static final int SECONDS = Integer.getInteger("seconds", 20);
    private static final int RATE = Integer.getInteger("rate", 0);
    private static final String PHASE = System.getProperty("phase", "all");
    private static final int WARMUP = Integer.getInteger("warmup", 20);
    private static final int CONNECTIONS = Integer.getInteger("connections", 0);
    private static final Path SUMMARY = Path.of(System.getProperty("summary", "target/signhash-open-summary.txt"));
    /** The open phase asks the constant endpoint instead of signHash: the generator's own latency at that rate. */
    private static final boolean OPEN_CONTROL = Boolean.getBoolean("control");
    private static final String MEASURED = OPEN_CONTROL ? "constant endpoint" : "signHash x" + BATCH;
    private static final Map<String, ConcurrentLinkedQueue<int[]>> TIMES = new ConcurrentHashMap<>();

    private static final CscSetup.Session SESSION = CscSetup.prepare(BASE_URL, System.getProperty("outbox", "dev-outbox/sms.jsonl"),
            BATCH, 100_000_000); // the loadtest profile allows this many: a run at thousands per second must not exhaust it

    private final HttpProtocolBuilder protocol = bounded(http.baseUrl(BASE_URL)
            .acceptHeader("application/json")
            .contentTypeHeader("application/json")
            .shareConnections());

    private final ChainBuilder signHash = signHash(MEASURED);
    /** When the open model's first user started (epoch ms): its warm-up, then its measured window, are timed from it. */
    private final AtomicLong firstStart = new AtomicLong();
    /** When the measured window began (epoch ms); written at once to {@code summary}.started for the script. */
    private final AtomicLong measuredFrom = new AtomicLong();
    /** The measured users started: the summary's {@code expected}, so that one that never got an answer counts too. */
    private final AtomicLong measuredStarted = new AtomicLong();

    private final ChainBuilder baseline = io.gatling.javaapi.core.CoreDsl.exec(http("baseline constant")
            .get("/_baseline/const")
            .check(status().is(200)));

    {
        PopulationBuilder population = switch (PHASE) {
            case "baseline" -> closed("baseline", baseline);
            case "closed" -> closed("signHash", signHash);
            case "open" -> open();
            default -> closed("baseline", baseline).andThen(closed("signHash", signHash)).andThen(open());
        };
        setUp(population).protocols(protocol)
                .maxDuration(Duration.ofSeconds(4L * SECONDS + WARMUP + 30))
                // the open phase is judged on its measured requests only, never on the warm-up's
                .assertions(PHASE.equals("open") ? details(MEASURED).failedRequests().percent().lt(1.0)
                        : global().failedRequests().percent().lt(1.0));
    }

    private PopulationBuilder closed(String name, ChainBuilder chain) {
        ScenarioBuilder scenario = scenario(name + " closed " + USERS + " users").during(Duration.ofSeconds(SECONDS)).on(chain);
        return scenario.injectClosed(constantConcurrentUsers(USERS).during(Duration.ofSeconds(SECONDS)));
    }

    /**
     * The open model at {@code rate}, in one scenario: first a warm-up (Gatling's own JIT and connection pool warm up
     * with the server's), then the measured window, without a break between them; a request is measured when its user
     * starts inside the window, and named for what it is. The warm-up ramps up to the rate before it holds it: Gatling's
     * shared pool opens a connection for every request that finds none idle, so a cold start at the full rate opened
     * thousands at once (a warm-up of 2026-12-03 answered 503 to 59,570 requests, took up to 14.8 s and ran the generator
     * out of file descriptors), and the measured minute inherited the pool and the backlog. A platform does not go from
     * nothing to thousands of requests per second in a millisecond. Nor does it pause between two minutes, as a measured
     * scenario started after the warm-up's ({@code andThen}) did, until the warm-up's last answers had come.
     */
    private PopulationBuilder open() {
        int rate = Math.max(RATE, 1);
        int seconds = RATE == 0 ? 1 : SECONDS;
        int ramp = WARMUP / 2;
        ScenarioBuilder scenario = scenario("signHash open " + rate + " rps").exec(openRequest());
        return WARMUP <= 0 ? scenario.injectOpen(constantUsersPerSec(rate).during(Duration.ofSeconds(seconds)))
                : scenario.injectOpen(
                        rampUsersPerSec(Math.max(1, rate / 10)).to(rate).during(Duration.ofSeconds(Math.max(1, ramp))),
                        constantUsersPerSec(rate).during(Duration.ofSeconds(WARMUP - ramp + seconds)));
    }

    /** One open-model request: measured (its answer's status and times go to the summary) if it starts in the window. */
    private ChainBuilder openRequest() {
        return exec(session -> {
            long start = System.currentTimeMillis();
            firstStart.compareAndSet(0, start);
            // every user from the window's start on is measured: the injection ends with the window (a few users fewer
            // than rate x seconds when the first user started a little after Gatling's clock)
            long from = firstStart.get() + WARMUP * 1000L;
            boolean measured = start >= from;
            if (measured) {
                measuredStarted.incrementAndGet();
                if (measuredFrom.compareAndSet(0, from)) {
                    write(Path.of(SUMMARY + ".started"), from + "\n");
                }
            }
            return session.set("start", start).set("measured", measured);
        })
                .exec(request(session -> session.getBoolean("measured") ? MEASURED : "signHash warm-up"))
                .exec(session -> {
                    if (session.getBoolean("measured")) {
                        long now = System.currentTimeMillis();
                        long start = session.getLong("start");
                        String status = session.contains("status") ? String.valueOf(session.getInt("status")) : "none";
                        TIMES.computeIfAbsent(status, k -> new ConcurrentLinkedQueue<>()).add(new int[] {
                                session.contains("ms") ? session.getInt("ms") : -1, (int) (now - start),
                                (int) ((start - measuredFrom.get()) / 1000)});
                    }
                    return session;
                });
    }

    /** signHash (or, for {@code control}, the constant endpoint) under {@code name}, for the closed phases. */
    private ChainBuilder signHash(String name) {
        return exec(request(session -> name));
    }

    private static HttpRequestActionBuilder request(Function<Session, String> name) {
        return (OPEN_CONTROL ? http(name).get("/_baseline/const") : http(name)
                .post("/csc/v2/signatures/signHash")
                .header("Authorization", "Bearer " + SESSION.token())
                .body(StringBody(SESSION.signHashBody())))
                .check(responseTimeInMillis().saveAs("ms"), status().saveAs("status"), status().is(200));
    }

    private static HttpProtocolBuilder bounded(HttpProtocolBuilder protocol) {
        return CONNECTIONS > 0 ? protocol.maxConnectionsPerHost(CONNECTIONS) : protocol;
    }

    @Override
    public void after() {
        if (TIMES.isEmpty()) {
            return;
        }
        StringBuilder summary = new StringBuilder(String.format(Locale.ROOT,
                "rate=%d seconds=%d warmup=%d connections=%d expected=%d measured_from_ms=%d measured_to_ms=%d%n",
                RATE, SECONDS, WARMUP, CONNECTIONS, measuredStarted.get(), measuredFrom.get(), measuredFrom.get() + SECONDS * 1000L));
        int[] all = TIMES.values().stream().flatMap(ConcurrentLinkedQueue::stream).mapToInt(t -> t[0]).sorted().toArray();
        int[] allFromStart = TIMES.values().stream().flatMap(ConcurrentLinkedQueue::stream).mapToInt(t -> t[1]).sorted().toArray();
        append(summary, "all", all, allFromStart);
        new TreeMap<>(TIMES).forEach((status, queue) -> append(summary, "status_" + status,
                queue.stream().mapToInt(t -> t[0]).sorted().toArray(), queue.stream().mapToInt(t -> t[1]).sorted().toArray()));
        appendNot200BySecond(summary);
        System.out.print("---- signHash open summary ----\n" + summary);
        write(SUMMARY, summary.toString());
    }

    private static void write(Path file, String text) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * When the answers other than 200 came, by second of the measured run: how many seconds had any, and the three with
     * the most ({@code second:count}). Refusals spread over the run say the server sheds load it could not take; most of
     * them in one second say a stall (a store that did not answer for a while, every arrival meanwhile refused).
     */
    private static void appendNot200BySecond(StringBuilder summary) {
        Map<Integer, Long> bySecond = TIMES.entrySet().stream().filter(e -> !e.getKey().equals("200"))
                .flatMap(e -> e.getValue().stream())
                .collect(Collectors.groupingBy(t -> t[2], TreeMap::new, Collectors.counting()));
        String busiest = bySecond.entrySet().stream()
                .sorted(Map.Entry.<Integer, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .limit(3).map(e -> e.getKey() + ":" + e.getValue()).collect(Collectors.joining(","));
        summary.append(String.format(Locale.ROOT, "not_200_seconds=%d%nnot_200_busiest_seconds=%s%n", bySecond.size(), busiest));
    }

    private static void append(StringBuilder summary, String key, int[] ms, int[] fromStart) {
        summary.append(String.format(Locale.ROOT, "%s_count=%d%n%s_p50_ms=%d%n%s_p99_ms=%d%n%s_max_ms=%d%n"
                        + "%s_from_start_p99_ms=%d%n%s_from_start_max_ms=%d%n", key, ms.length, key, percentile(ms, 50),
                key, percentile(ms, 99), key, ms.length == 0 ? 0 : ms[ms.length - 1],
                key, percentile(fromStart, 99), key, fromStart.length == 0 ? 0 : fromStart[fromStart.length - 1]));
    }

    private static int percentile(int[] sorted, int percent) {
        int[] known = Arrays.stream(sorted).filter(v -> v >= 0).toArray();
        if (known.length == 0) {
            return 0;
        }
        int index = (int) Math.ceil(percent / 100.0 * known.length) - 1;
        return known[Math.max(0, Math.min(known.length - 1, index))];
    }
}
