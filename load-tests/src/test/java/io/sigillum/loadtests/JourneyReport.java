package io.sigillum.loadtests;

import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.responseTimeInMillis;

import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.Session;
import io.gatling.javaapi.http.HttpRequestActionBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * What a journey simulation measures and prints at the end, readable at a glance: journeys started and completed (and
 * completed per second), per step the requests, OK, KO and p50/p95/p99/max of the OK answers, and the CPU time the
 * gateway's JVM and the load generator's own JVM used meanwhile (from {@code /proc/<pid>/stat}), all over the measured
 * phase only. A journey's chain is built once per {@link Phase}: the warm-up's requests carry a "warm-up" prefix (so
 * Gatling's own statistics and assertions can tell them apart) and are not counted here.
 */
final class JourneyReport {

    private static final String TIME = "journeyReport.ms";
    private static final long CLOCK_TICKS_PER_SECOND = 100; // USER_HZ on Linux

    private final String title;
    private final List<String> steps = new ArrayList<>();
    private final List<String> local = new ArrayList<>();
    private final Map<String, Times> times = new ConcurrentHashMap<>();
    private final LongAdder started = new LongAdder();
    private final LongAdder completed = new LongAdder();
    private final AtomicReference<Cpu> start = new AtomicReference<>();
    private volatile long lastCompletion;
    private final OptionalLong gatewayPid;

    JourneyReport(String title) {
        this.title = title;
        String pid = System.getProperty("gatewayPid", "");
        this.gatewayPid = pid.isBlank() ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(pid));
    }

    /** The warm-up: requests named "warm-up …", nothing counted. */
    Phase warmUp() {
        return new Phase(false);
    }

    /** The measured phase: requests named by their step, every one counted. */
    Phase measured() {
        return new Phase(true);
    }

    /** One phase's way of building a journey: each step timed and recorded, the journey left at its first failure. */
    final class Phase {

        private final boolean measured;

        private Phase(boolean measured) {
            this.measured = measured;
        }

        /** Where every journey begins. */
        ChainBuilder begin() {
            return exec(session -> {
                if (measured) {
                    start.compareAndSet(null, Cpu.now(gatewayPid));
                    started.increment();
                }
                return session;
            });
        }

        /** An HTTP step: {@code request} gets the step's name (prefixed in the warm-up) and carries its own checks. */
        ChainBuilder step(String step, Function<String, HttpRequestActionBuilder> request) {
            register(step);
            return exec(request.apply(measured ? step : "warm-up " + step).check(responseTimeInMillis().saveAs(TIME)))
                    .exec(session -> {
                        record(step, session.isFailed(), session.contains(TIME) ? session.getInt(TIME) : -1);
                        return session.remove(TIME);
                    })
                    .exitHereIfFailed();
        }

        /** A step the client does itself (reading the SMS from the outbox): fails the journey when it marks it failed. */
        ChainBuilder local(String step, UnaryOperator<Session> action) {
            register(step);
            registerLocal(step);
            return exec(session -> {
                long began = System.nanoTime();
                Session after = action.apply(session);
                record(step, after.isFailed(), (int) ((System.nanoTime() - began) / 1_000_000));
                return after;
            }).exitHereIfFailed();
        }

        /** Where a journey that passed every step ends. */
        ChainBuilder end() {
            return exec(session -> {
                if (measured) {
                    completed.increment();
                    lastCompletion = System.nanoTime();
                }
                return session;
            });
        }

        private void record(String step, boolean failed, int ms) {
            if (measured) {
                Times stepTimes = times.computeIfAbsent(step, k -> new Times());
                if (failed) {
                    stepTimes.ko.increment();
                } else {
                    stepTimes.ok.add(Math.max(ms, 0));
                }
            }
        }
    }

    /** The HTTP steps, in the order the journey takes them (known once its chain is built). */
    synchronized List<String> steps() {
        return steps.stream().filter(step -> !local.contains(step)).toList();
    }

    private synchronized void registerLocal(String step) {
        if (!local.contains(step)) {
            local.add(step);
        }
    }

    private synchronized void register(String step) {
        if (!steps.contains(step)) {
            steps.add(step);
        }
    }

    /** Prints the summary and writes it to {@code file} when given. */
    void print(String offered, Path file) {
        Cpu end = Cpu.now(gatewayPid);
        Cpu began = start.get();
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "%n==== %s — %s ====%n", title, offered));
        double window = began == null ? 0 : Math.max(1e-9, (lastCompletion - began.nanos) / 1e9);
        out.append(String.format(Locale.ROOT, "journeys: started %d, completed %d (%.1f/s over %.1f s), failed or unfinished %d%n",
                started.sum(), completed.sum(), window == 0 ? 0 : completed.sum() / window, window,
                started.sum() - completed.sum()));
        out.append(String.format(Locale.ROOT, "%-28s %8s %8s %6s %7s %7s %7s %7s%n", "step (measured phase)", "requests", "OK", "KO",
                "p50 ms", "p95 ms", "p99 ms", "max ms"));
        for (String step : steps) {
            Times stepTimes = times.getOrDefault(step, new Times());
            int[] ms = stepTimes.ok.stream().mapToInt(Integer::intValue).sorted().toArray();
            long ko = stepTimes.ko.sum();
            out.append(String.format(Locale.ROOT, "%-28s %8d %8d %6d %7d %7d %7d %7d%n", step, ms.length + ko, ms.length, ko,
                    percentile(ms, 50), percentile(ms, 95), percentile(ms, 99), ms.length == 0 ? 0 : ms[ms.length - 1]));
        }
        if (began != null) {
            double wall = (end.nanos - began.nanos) / 1e9;
            out.append(String.format(Locale.ROOT, "CPU over the measured %.1f s (%d cores here): gateway JVM %s, load generator JVM %s%n",
                    wall, Runtime.getRuntime().availableProcessors(), cpu(began.gateway, end.gateway, wall),
                    cpu(began.generator, end.generator, wall)));
        }
        System.out.print(out);
        if (file != null) {
            try {
                Files.writeString(file, out);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private static String cpu(long before, long after, double wall) {
        if (before < 0 || after < 0) {
            return "? (pass -DgatewayPid)";
        }
        double seconds = (after - before) / (double) CLOCK_TICKS_PER_SECOND;
        return String.format(Locale.ROOT, "%.1f s (%.0f %% of one core)", seconds, 100 * seconds / wall);
    }

    private static int percentile(int[] sorted, int percent) {
        if (sorted.length == 0) {
            return 0;
        }
        int index = (int) Math.ceil(percent / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    /** A step's OK response times and its KO count. */
    private static final class Times {
        private final ConcurrentLinkedQueue<Integer> ok = new ConcurrentLinkedQueue<>();
        private final LongAdder ko = new LongAdder();
    }

    /** The CPU time (clock ticks) of the gateway's and this JVM's process at one moment; -1 where unknown. */
    private record Cpu(long nanos, long gateway, long generator) {

        static Cpu now(OptionalLong gatewayPid) {
            return new Cpu(System.nanoTime(), gatewayPid.isPresent() ? ticks(gatewayPid.getAsLong()) : -1,
                    ticks(ProcessHandle.current().pid()));
        }

        /** utime + stime of a process: fields 14 and 15 of /proc/PID/stat, counted after the command's closing ")". */
        private static long ticks(long pid) {
            try {
                String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
                String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
            } catch (IOException | RuntimeException unreadable) {
                return -1;
            }
        }
    }
}
