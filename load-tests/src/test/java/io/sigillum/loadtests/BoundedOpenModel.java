package io.sigillum.loadtests;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.AttributeKey;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * signHash in the open model as a platform's own client runs it: requests arrive at a fixed rate whatever the answers
 * do, and each goes out on one of {@code connections} keep-alive connections, waiting in arrival order while all are
 * busy. Gatling's open model (3.15) opens a new connection whenever none is idle, so after a pause of the server the
 * requests in flight pass any pool size; a platform's client does not do that.
 *
 * <p>A request's latency is counted from its scheduled arrival, not from when it got a connection or went out: the wait
 * behind a slow answer is part of what the user saw (no coordinated omission). One Netty event loop schedules the
 * arrivals and runs every connection, so the generator itself costs little CPU: on the native epoll transport, whose
 * timers wake it for the 200 µs tick and no sooner (on NIO the same loop took 0.68 of a core at 3,000 arrivals/s, on
 * epoll 0.21, taking that CPU from the server it measures). A warm-up at the same rate comes first and is not counted.
 *
 * <p>Arguments: {@code baseUrl outbox rate seconds warmup connections summaryFile [seriesFile]}. The summary has the keys of
 * {@link SignHashSimulation}'s ({@code all_p99_ms}, {@code status_200_count}, …), its times from the scheduled arrival,
 * plus {@code all_service_p99_ms} (from the moment the request went out) and {@code late_arrivals} (arrivals the
 * generator fired more than 1 ms after their time: its own lag). {@code summaryFile}.started is written when the
 * measured phase starts. {@code seriesFile}, when given, gets a line per measured arrival (its scheduled time from the
 * start, its latency and service time in ms, its status), to see when in the run the slow answers came.
 */
public final class BoundedOpenModel {

    private static final AttributeKey<Integer> IN_FLIGHT = AttributeKey.valueOf("inFlight");

    private final EventLoopGroup loop = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
    private final URI target;
    private final String token;
    private final ByteBuf body;
    /** Everything below is touched on the event loop only. */
    private final ArrayDeque<Channel> idle = new ArrayDeque<>();
    private final ArrayDeque<Integer> waiting = new ArrayDeque<>();
    private Phase phase;

    /** One run at a fixed rate: each arrival's scheduled, sent and answered time (ns) and its status. */
    private static final class Phase {
        final long[] arrival;
        final long[] sent;
        final long[] done;
        final int[] status;
        final long period;
        final CompletableFuture<Void> finished = new CompletableFuture<>();
        long start;
        int next;
        int answered;
        int late;
        ScheduledFuture<?> ticker;

        Phase(int rate, int seconds) {
            int n = rate * seconds;
            arrival = new long[n];
            sent = new long[n];
            done = new long[n];
            status = new int[n];
            period = TimeUnit.SECONDS.toNanos(1) / rate;
        }
    }

    private BoundedOpenModel(URI target, String token, String json) {
        this.target = target;
        this.token = token;
        this.body = Unpooled.unreleasableBuffer(Unpooled.copiedBuffer(json, StandardCharsets.UTF_8));
    }

    public static void main(String[] args) throws Exception {
        String baseUrl = args[0];
        int rate = Integer.parseInt(args[2]);
        int seconds = Integer.parseInt(args[3]);
        int warmup = Integer.parseInt(args[4]);
        int connections = Integer.parseInt(args[5]);
        Path summary = Path.of(args[6]);
        CscSetup.Session session = CscSetup.prepare(baseUrl, args[1], 1, 100_000_000);
        BoundedOpenModel model = new BoundedOpenModel(URI.create(baseUrl + "/csc/v2/signatures/signHash"), session.token(),
                session.signHashBody());
        model.connect(connections);
        if (warmup > 0) {
            model.run(new Phase(rate, warmup));
        }
        Phase measured = new Phase(rate, seconds);
        Files.writeString(Path.of(summary + ".started"), System.currentTimeMillis() + "\n");
        boolean complete = model.run(measured);
        String text = summary(measured, rate, seconds, warmup, connections, complete);
        System.out.print("---- signHash open summary (bounded pool) ----\n" + text);
        Files.writeString(summary, text);
        if (args.length > 7) {
            Files.write(Path.of(args[7]), series(measured));
        }
        model.loop.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }

    private void connect(int connections) throws InterruptedException {
        Bootstrap bootstrap = new Bootstrap().group(loop).channel(EpollSocketChannel.class)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        channel.pipeline().addLast(new HttpClientCodec(), new HttpObjectAggregator(1 << 20),
                                new SimpleChannelInboundHandler<FullHttpResponse>() {
                                    @Override
                                    protected void channelRead0(ChannelHandlerContext ctx, FullHttpResponse response) {
                                        answered(ctx.channel(), response.status().code());
                                    }

                                    @Override
                                    public void channelInactive(ChannelHandlerContext ctx) {
                                        idle.remove(ctx.channel());
                                        answered(ctx.channel(), -1); // its request, if any, got no answer
                                    }
                                });
                    }
                });
        for (int i = 0; i < connections; i++) {
            Channel channel = bootstrap.connect(target.getHost(), target.getPort()).sync().channel();
            loop.next().submit(() -> idle.add(channel)).sync();
        }
    }

    /** Fires every arrival of {@code run} at its time, then waits (at most 30 s) for the last answers. */
    private boolean run(Phase run) throws Exception {
        loop.next().submit(() -> {
            phase = run;
            run.start = System.nanoTime();
            run.ticker = loop.next().scheduleAtFixedRate(this::tick, 0, 200, TimeUnit.MICROSECONDS);
        }).sync();
        try {
            run.finished.get(run.arrival.length * run.period / 1_000_000 + 30_000, TimeUnit.MILLISECONDS);
            return true;
        } catch (java.util.concurrent.TimeoutException e) {
            return false;
        } finally {
            loop.next().submit(() -> run.ticker.cancel(false)).sync();
        }
    }

    private void tick() {
        Phase run = phase;
        long now = System.nanoTime();
        while (run.next < run.arrival.length && run.start + run.next * run.period <= now) {
            int index = run.next++;
            run.arrival[index] = run.start + index * run.period;
            run.late += now - run.arrival[index] > TimeUnit.MILLISECONDS.toNanos(1) ? 1 : 0;
            Channel channel = idle.poll();
            if (channel == null) {
                waiting.add(index);
            } else {
                send(channel, index);
            }
        }
        if (run.next == run.arrival.length) {
            run.ticker.cancel(false);
        }
    }

    private void send(Channel channel, int index) {
        phase.sent[index] = System.nanoTime();
        channel.attr(IN_FLIGHT).set(index);
        FullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, target.getRawPath(),
                body.retainedDuplicate());
        request.headers().set(HttpHeaderNames.HOST, target.getHost() + ":" + target.getPort())
                .set(HttpHeaderNames.AUTHORIZATION, "Bearer " + token)
                .set(HttpHeaderNames.CONTENT_TYPE, "application/json")
                .set(HttpHeaderNames.ACCEPT, "application/json")
                .set(HttpHeaderNames.CONTENT_LENGTH, body.readableBytes());
        channel.writeAndFlush(request, channel.voidPromise());
    }

    /** The answer on {@code channel} ({@code status} -1: it closed); an open channel takes the next waiting request. */
    private void answered(Channel channel, int status) {
        Phase run = phase;
        Integer index = channel.attr(IN_FLIGHT).getAndSet(null);
        if (index != null && run.done[index] == 0) {
            run.done[index] = System.nanoTime();
            run.status[index] = status;
            if (++run.answered == run.arrival.length) {
                run.finished.complete(null);
            }
        }
        if (channel.isActive()) {
            Integer next = waiting.poll();
            if (next == null) {
                idle.add(channel);
            } else {
                send(channel, next);
            }
        }
    }

    private static String summary(Phase run, int rate, int seconds, int warmup, int connections, boolean complete) {
        long[] latency = new long[run.arrival.length];
        long[] service = new long[run.arrival.length];
        Map<String, Integer> statuses = new TreeMap<>();
        int answers = 0;
        for (int i = 0; i < run.arrival.length; i++) {
            if (run.done[i] == 0) {
                statuses.merge("none", 1, Integer::sum);
                continue;
            }
            latency[answers] = run.done[i] - run.arrival[i];
            service[answers] = run.done[i] - run.sent[i];
            answers++;
            statuses.merge(run.status[i] < 0 ? "none" : Integer.toString(run.status[i]), 1, Integer::sum);
        }
        long[] byArrival = Arrays.copyOf(latency, answers);
        long[] byService = Arrays.copyOf(service, answers);
        Arrays.sort(byArrival);
        Arrays.sort(byService);
        StringBuilder text = new StringBuilder(String.format(Locale.ROOT,
                "rate=%d seconds=%d warmup=%d connections=%d expected=%d pool=bounded complete=%b%n", rate, seconds, warmup,
                connections, run.arrival.length, complete));
        text.append(String.format(Locale.ROOT, "all_count=%d%nall_p50_ms=%d%nall_p99_ms=%d%nall_p999_ms=%d%nall_max_ms=%d%n"
                        + "all_service_p99_ms=%d%nall_from_start_p99_ms=%d%nlate_arrivals=%d%n", answers, ms(byArrival, 50),
                ms(byArrival, 99), ms(byArrival, 99.9), ms(byArrival, 100), ms(byService, 99), ms(byArrival, 99), run.late));
        statuses.forEach((code, count) -> text.append(String.format(Locale.ROOT, "status_%s_count=%d%n", code, count)));
        return text.toString();
    }

    /** One line per arrival: its scheduled time from the start, its latency and its service time (ms), its status. */
    private static List<String> series(Phase run) {
        List<String> lines = new ArrayList<>(run.arrival.length);
        for (int i = 0; i < run.arrival.length; i++) {
            lines.add(String.format(Locale.ROOT, "%.3f %.3f %.3f %d", (run.arrival[i] - run.start) / 1e6,
                    run.done[i] == 0 ? -1.0 : (run.done[i] - run.arrival[i]) / 1e6,
                    run.done[i] == 0 ? -1.0 : (run.done[i] - run.sent[i]) / 1e6, run.status[i]));
        }
        return lines;
    }

    private static long ms(long[] sortedNanos, double percentile) {
        if (sortedNanos.length == 0) {
            return 0;
        }
        int index = (int) Math.ceil(percentile / 100 * sortedNanos.length) - 1;
        return TimeUnit.NANOSECONDS.toMillis(sortedNanos[Math.max(0, Math.min(sortedNanos.length - 1, index))]);
    }
}
