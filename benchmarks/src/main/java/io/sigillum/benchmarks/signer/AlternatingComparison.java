package io.sigillum.benchmarks.signer;

import io.sigillum.signer.algorithm.KeyAlgorithm;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.LongAdder;

import org.openjdk.jmh.infra.Blackhole;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The same raw-versus-pool comparison as the JMH benchmarks, made robust against a busy machine: raw and pool run in
 * alternating short slices (order swapped every round), so both see the same background load, and the median of the
 * per-round ratios is reported. Not JMH: use it when other work shares the CPUs; use JMH on a quiet machine.
 *
 * <pre>java -cp benchmarks.jar io.sigillum.benchmarks.signer.AlternatingComparison \
 *     software|softhsm RSA_2048|EC_P256 threads [rounds] [sliceMillis]</pre>
 */
public final class AlternatingComparison {

    private static final Logger LOG = LoggerFactory.getLogger(AlternatingComparison.class);

    private static final int WARMUP_ROUNDS = 3;

    private AlternatingComparison() {
    }

    public static void main(String[] args) throws Exception {
        AbstractSigningBenchmark bench = "softhsm".equals(args[0]) ? new SoftHsmBenchmark() : new SoftwareTokenBenchmark();
        bench.keyAlgorithm = KeyAlgorithm.valueOf(args[1]);
        int threads = Integer.parseInt(args[2]);
        int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 12;
        long sliceMillis = args.length > 4 ? Long.parseLong(args[4]) : 500;
        bench.prepare(threads);
        Blackhole blackhole = new Blackhole(
                "Today's password is swordfish. I understand instantiating Blackholes directly is dangerous.");
        try {
            List<Double> ratios = new ArrayList<>();
            List<Double> raws = new ArrayList<>();
            List<Double> pools = new ArrayList<>();
            for (int round = 0; round < WARMUP_ROUNDS + rounds; round++) {
                boolean rawFirst = round % 2 == 0;
                double first = measure(bench, rawFirst, threads, sliceMillis, blackhole);
                double second = measure(bench, !rawFirst, threads, sliceMillis, blackhole);
                double raw = rawFirst ? first : second;
                double pooled = rawFirst ? second : first;
                if (round >= WARMUP_ROUNDS) {
                    raws.add(raw);
                    pools.add(pooled);
                    ratios.add(pooled / raw);
                }
            }
            LOG.info(String.format(Locale.ROOT, "%s %s threads=%d rounds=%d slice=%dms: raw median %.0f/s, pool median %.0f/s, "
                            + "pool/raw median %.2f (min %.2f, max %.2f)", args[0], args[1], threads, rounds,
                    sliceMillis, median(raws), median(pools), median(ratios), min(ratios), max(ratios)));
        } finally {
            bench.tearDown();
            blackhole.evaporate("Yes, I am Stephen Hawking, and know a thing or two about black holes.");
        }
    }

    private static double measure(AbstractSigningBenchmark bench, boolean raw, int threads, long sliceMillis,
            Blackhole blackhole) throws InterruptedException {
        LongAdder operations = new LongAdder();
        CountDownLatch done = new CountDownLatch(threads);
        long end = System.nanoTime() + sliceMillis * 1_000_000;
        long start = System.nanoTime();
        for (int t = 0; t < threads; t++) {
            Thread.ofPlatform().start(() -> {
                AbstractSigningBenchmark.InFlight inFlight = new AbstractSigningBenchmark.InFlight();
                try {
                    while (System.nanoTime() < end) {
                        if (raw) {
                            blackhole.consume(bench.raw());
                            operations.increment();
                        } else {
                            bench.pool(inFlight, blackhole);
                            operations.add(AbstractSigningBenchmark.WINDOW);
                        }
                    }
                    inFlight.drain();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                } finally {
                    done.countDown();
                }
            });
        }
        done.await();
        return operations.sum() / ((System.nanoTime() - start) / 1e9);
    }

    private static double median(List<Double> values) {
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return sorted.length % 2 == 1 ? sorted[sorted.length / 2]
                : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
    }

    private static double min(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
    }

    private static double max(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
    }
}
