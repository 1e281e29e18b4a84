package io.sigillum.gateway.web;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.DateFormatter;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponse;
import java.util.Date;

/**
 * Gives every response the {@code Date} header an origin server with a clock must send (RFC 9110 §6.6.1), which
 * Reactor Netty does not: caches, and clients of OCSP (RFC 5019 §6.2) and of the token endpoint, read ages from it. The
 * text changes once a second, so it is formatted once a second, not per response.
 */
@ChannelHandler.Sharable
final class DateHeader extends ChannelOutboundHandlerAdapter {

    private record Stamp(long second, String text) {
    }

    private volatile Stamp stamp = new Stamp(Long.MIN_VALUE, "");

    @Override
    public void write(ChannelHandlerContext context, Object message, ChannelPromise promise) throws Exception {
        if (message instanceof HttpResponse response && !response.headers().contains(HttpHeaderNames.DATE)) {
            response.headers().set(HttpHeaderNames.DATE, now());
        }
        super.write(context, message, promise);
    }

    private String now() {
        long millis = System.currentTimeMillis();
        long second = millis / 1000;
        Stamp current = stamp;
        if (current.second() != second) {
            current = new Stamp(second, DateFormatter.format(new Date(second * 1000)));
            stamp = current;
        }
        return current.text();
    }
}
