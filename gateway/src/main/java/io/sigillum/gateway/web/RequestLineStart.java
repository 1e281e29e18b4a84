package io.sigillum.gateway.web;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * Hands the first bytes a connection receives, the start of its first request line, to {@link DecodeFailureResponder},
 * then leaves the pipeline: a request line too long to decode reaches the responder as Netty's placeholder, without
 * its target, and the start tells which path's error form the refusal takes (a CSC client's 414 in CSC form). Only the
 * first read is looked at, so a request costs nothing; a line too long on a kept-alive connection is answered as a
 * problem.
 */
final class RequestLineStart extends ChannelInboundHandlerAdapter {

    /** Enough for a method and the path prefixes that choose an error form. */
    static final int BYTES = 64;

    private final Consumer<String> firstBytes;

    RequestLineStart(Consumer<String> firstBytes) {
        this.firstBytes = firstBytes;
    }

    @Override
    public void channelRead(ChannelHandlerContext context, Object message) {
        if (message instanceof ByteBuf bytes) {
            firstBytes.accept(bytes.toString(bytes.readerIndex(), Math.min(BYTES, bytes.readableBytes()),
                    StandardCharsets.ISO_8859_1));
        }
        context.pipeline().remove(this);
        context.fireChannelRead(message);
    }

    /**
     * The request target in {@code lineStart} (a request line's first bytes), cut back to its last '/' when it runs
     * past them; empty when there is none.
     */
    static String targetOf(String lineStart) {
        int from = lineStart.indexOf(' ') + 1;
        if (from == 0) {
            return "";
        }
        int end = from;
        while (end < lineStart.length() && " ?#\r\n".indexOf(lineStart.charAt(end)) < 0) {
            end++;
        }
        String target = lineStart.substring(from, end);
        return end < lineStart.length() ? target : target.substring(0, target.lastIndexOf('/') + 1);
    }
}
