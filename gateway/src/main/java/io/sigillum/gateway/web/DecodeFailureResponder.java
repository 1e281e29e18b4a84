package io.sigillum.gateway.web;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.DuplexChannel;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.util.ReferenceCountUtil;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.springframework.http.HttpStatus;
import tools.jackson.databind.json.JsonMapper;

/**
 * Answers a request that Netty could not decode (headers or request line over the limit, a malformed message) in the
 * error form of its path, as every other error, instead of the bare empty response the server would send; then closes
 * the connection, since the rest of the stream cannot be trusted. Sits right after the HTTP codec in each channel.
 */
final class DecodeFailureResponder extends ChannelInboundHandlerAdapter {

    private static final Duration LINGER = Duration.ofSeconds(2);

    private final JsonMapper json;
    private final int maxHeaderBytes;
    private boolean failed;

    DecodeFailureResponder(JsonMapper json, int maxHeaderBytes) {
        this.json = json;
        this.maxHeaderBytes = maxHeaderBytes;
    }

    @Override
    public void channelRead(ChannelHandlerContext context, Object message) {
        if (failed) {
            ReferenceCountUtil.release(message); // the rest of a message we already refused
            return;
        }
        if (message instanceof HttpObject http && http.decoderResult().isFailure()) {
            failed = true;
            String path = message instanceof HttpRequest request ? pathOf(request.uri()) : "/";
            ApiException error = classify(http.decoderResult());
            ReferenceCountUtil.release(message);
            ApiErrorHandler.Rendered rendered = ApiErrorHandler.render(error, path, json);
            FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                    HttpResponseStatus.valueOf(error.status().value()), Unpooled.wrappedBuffer(rendered.body()));
            response.headers().set(HttpHeaderNames.CONTENT_TYPE, rendered.contentType().toString())
                    .setInt(HttpHeaderNames.CONTENT_LENGTH, rendered.body().length)
                    .set(HttpHeaderNames.CACHE_CONTROL, "no-store")
                    .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            context.writeAndFlush(response).addListener(written -> closeGently(context));
            return;
        }
        context.fireChannelRead(message);
    }

    /**
     * Half-closes first: a client still sending the body it had started would otherwise meet a reset instead of reading
     * our answer. What it still sends is discarded, and the connection is closed shortly after.
     */
    private static void closeGently(ChannelHandlerContext context) {
        if (context.channel() instanceof DuplexChannel duplex) {
            duplex.shutdownOutput();
            context.executor().schedule(() -> context.close(), LINGER.toMillis(), TimeUnit.MILLISECONDS);
        } else {
            context.close();
        }
    }

    private ApiException classify(DecoderResult result) {
        Throwable cause = result.cause();
        if (cause instanceof TooLongHttpHeaderException) {
            return new ApiException(HttpStatus.REQUEST_HEADER_FIELDS_TOO_LARGE, "invalid_request",
                    "Request headers exceed the limit of " + maxHeaderBytes + " bytes");
        }
        if (cause instanceof TooLongHttpLineException) {
            return new ApiException(HttpStatus.URI_TOO_LONG, "invalid_request", "The request line is too long");
        }
        if (cause instanceof TooLongFrameException) {
            return new ApiException(HttpStatus.CONTENT_TOO_LARGE, "request_too_large", "A part of the request is too long");
        }
        return ApiException.badRequest("Malformed HTTP request");
    }

    private static String pathOf(String uri) {
        int start = uri.startsWith("/") ? 0 : Math.max(0, uri.indexOf('/', uri.indexOf("://") + 3));
        int end = uri.indexOf('?');
        return uri.substring(start, end < 0 ? uri.length() : end);
    }
}
