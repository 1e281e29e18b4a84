package io.sigillum.gateway.web;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.util.concurrent.Future;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * Closes a connection whose next request head has not arrived complete within the deadline of the connection being
 * ready for it: once accepted, and again once every request read so far has been answered. That closes idle keep-alive
 * connections and the ones that trickle a head in a byte at a time (slowloris) alike; a request whose head has
 * arrived is never cut here (its body and its answer have the request class's deadline). A connection whose client
 * takes none of the answers waiting for it for a whole deadline, while requests of it wait behind them (pipelined: the
 * server answers them in order, so they wait for good), is closed too. Sits right after the HTTP
 * codec in each channel, on the channel's own event loop, so its state needs no locking. A request costs it a clock
 * read, not a timer: one check per connection runs at most once a deadline, as Netty's idle handlers do.
 */
final class RequestHeadDeadline extends ChannelDuplexHandler {

    private final long deadlineNanos;
    /** Requests whose head has been read and whose answer has not been written whole yet (more than one if pipelined). */
    private int unanswered;
    /** When the connection was last left with nothing to answer ({@link System#nanoTime()}). */
    private long readySince;
    private @Nullable Future<?> check;
    /** The bytes of answers that waited for the client at the last check. */
    private long waitingAtLastCheck;

    RequestHeadDeadline(Duration deadline) {
        this.deadlineNanos = deadline.toNanos();
    }

    @Override
    public void handlerAdded(ChannelHandlerContext context) {
        readySince = System.nanoTime();
        checkIn(context, deadlineNanos);
    }

    @Override
    public void channelRead(ChannelHandlerContext context, Object message) {
        if (message instanceof HttpRequest) {
            unanswered++;
        }
        context.fireChannelRead(message);
    }

    @Override
    public void write(ChannelHandlerContext context, Object message, ChannelPromise promise) {
        if (HttpAnswers.ends(message) && unanswered > 0 && --unanswered == 0) {
            readySince = System.nanoTime();
        }
        context.write(message, promise);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext context) {
        if (check != null) {
            check.cancel(false);
            check = null;
        }
    }

    private void checkIn(ChannelHandlerContext context, long delayNanos) {
        check = context.executor().schedule(() -> check(context), delayNanos, TimeUnit.NANOSECONDS);
    }

    private static long answerBytesWaiting(ChannelHandlerContext context) {
        ChannelOutboundBuffer waiting = context.channel().unsafe().outboundBuffer();
        return waiting == null ? 0 : waiting.totalPendingWriteBytes();
    }

    private void check(ChannelHandlerContext context) {
        if (!context.channel().isOpen()) {
            return;
        }
        long waited = System.nanoTime() - readySince;
        long waiting = answerBytesWaiting(context);
        boolean clientTookNothing = unanswered > 0 && waiting > 0 && waiting == waitingAtLastCheck;
        waitingAtLastCheck = waiting;
        if (unanswered == 0 && waited >= deadlineNanos || clientTookNothing) {
            context.close();
        } else {
            checkIn(context, unanswered == 0 ? deadlineNanos - waited : deadlineNanos);
        }
    }
}
