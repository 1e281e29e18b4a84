package io.sigillum.gateway.web;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelConfig;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.channel.socket.DuplexChannel;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.util.ReferenceCountUtil;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import tools.jackson.databind.json.JsonMapper;

/**
 * Answers a request that Netty could not decode (headers or request line over the limit, a malformed message), or that
 * the server would refuse before any handler saw it (a request target that is not a URI, e.g. a bad percent-escape; an
 * HTTP version other than 1.0 and 1.1; the CONNECT method; an HTTP/1.1 request without a Host header, or any with a
 * Host header that is not a host and optional port; a transfer coding other than one {@code chunked}; an expectation
 * other than {@code 100-continue}), in the error
 * form of its path, as every other error, instead of the bare empty response the server would send (and, for the
 * version, its warning that logs the whole request line, query included); then closes the connection, since the rest
 * of the stream cannot be trusted. A request line too long to decode comes without its target: the connection's first
 * bytes ({@link RequestLineStart}) tell its path. A chunked body that breaks off malformed comes after its
 * request's head has gone to a handler, which owns the answer: the error is answered in the handler's stead only while
 * the handler has not begun to answer (what it writes later is dropped); else the connection is closed once the
 * handler's answer is out, so a request never gets two. A refusal of a request pipelined behind others waits for their
 * answers, so that answers keep the order of their requests; since it counts requests and answers, it is also where a
 * connection's reads are held ({@link #read}). Sits right after the HTTP codec in each channel, on the
 * channel's event loop.
 */
final class DecodeFailureResponder extends ChannelDuplexHandler {

    private static final Duration LINGER = Duration.ofSeconds(2);
    /** The target Netty gives a request whose line it could not read (a malformed line, another version's syntax). */
    private static final String NETTY_PLACEHOLDER = "/bad-request";
    /**
     * Requests read and not yet answered in full at which a connection stops reading: the server queues pipelined
     * requests without a bound, so a client that pipelines without reading the answers would fill the heap. At two or
     * more, the oldest request has been read whole (a later head came after it), so holding reads never stalls it.
     */
    static final int MAX_UNANSWERED = 16;
    /** Characters a URI takes as they are (RFC 3986's unreserved and reserved ones, without '%' and the brackets). */
    private static final String PLAIN = "-._~/?#:@!$&'()*+,;=";

    private final JsonMapper json;
    private final int maxHeaderBytes;
    private boolean failed;
    /** The path of the last request head passed on. */
    private String path = "/";
    /** Request heads passed on, answers begun and answers written whole (pipelined requests are answered in order). */
    private int heads;
    private int answersBegun;
    private int answersDone;
    /** Whether this handler answered a request in its handler's stead: what the handler writes then is dropped. */
    private boolean answeredInstead;
    /** Whether to close the connection once every request read has been answered. */
    private boolean closeWhenAnswered;
    /** A refusal that waits for the answers to the requests pipelined before it, so that it does not overtake them. */
    private @Nullable FullHttpResponse deferred;
    /** Whether reads are held ({@link #read}), and whether holding them turned the channel's auto-read off. */
    private boolean readsHeld;
    private boolean autoReadHeld;
    /** Whether the connection is closing after an answer: what the client still sends is read and discarded. */
    private boolean lingering;
    /** The first bytes the connection received, the start of its first request line ({@link RequestLineStart}). */
    private @Nullable String firstLineStart;

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
            if (message instanceof HttpRequest request || heads == 0) {
                refuse(context, message, classify(http.decoderResult()),
                        message instanceof HttpRequest request ? pathOf(targetOf(request)) : "/", heads);
            } else {
                bodyBrokeOff(context, message, http.decoderResult());
            }
            return;
        }
        if (message instanceof HttpRequest request) {
            ApiException refusal = refusal(request);
            if (refusal != null) {
                refuse(context, message, refusal, pathOf(request.uri()), heads);
                return;
            }
            HostHeader.dropEmptyPort(request.headers());
            heads++;
            path = pathOf(request.uri());
            holdOrResumeReads(context);
        }
        context.fireChannelRead(message);
    }

    /**
     * Reads are held while too many requests wait for their answers, while the answers written wait for the client to
     * read them (the channel is not writable), and after a refusal until it is out: the client's own TCP window then
     * stops it, rather than the server reading (and queueing, or discarding) whatever it sends.
     */
    @Override
    public void read(ChannelHandlerContext context) {
        if (!readsHeld) {
            context.read();
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext context) {
        holdOrResumeReads(context);
        context.fireChannelWritabilityChanged();
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext context) {
        if (lingering) {
            context.read(); // drained until the close, so that the client reads our answer rather than a reset
        }
        context.fireChannelReadComplete();
    }

    private boolean holdsReads(ChannelHandlerContext context) {
        return failed ? !lingering : heads - answersDone >= MAX_UNANSWERED || !context.channel().isWritable();
    }

    private void holdOrResumeReads(ChannelHandlerContext context) {
        boolean hold = holdsReads(context);
        if (hold == readsHeld) {
            return;
        }
        readsHeld = hold;
        ChannelConfig config = context.channel().config();
        if (hold) {
            autoReadHeld = config.isAutoRead();
            config.setAutoRead(false);
        } else {
            if (autoReadHeld) {
                autoReadHeld = false;
                config.setAutoRead(true);
            }
            context.read();
        }
    }

    @Override
    public void write(ChannelHandlerContext context, Object message, ChannelPromise promise) {
        if (answeredInstead) {
            ReferenceCountUtil.release(message); // the handler's answer to a request already answered here
            promise.trySuccess();
            return;
        }
        if (HttpAnswers.begins(message)) {
            answersBegun++;
        }
        if (HttpAnswers.ends(message) && ++answersDone == heads && closeWhenAnswered) {
            FullHttpResponse refusal = deferred;
            deferred = null;
            if (refusal != null) {
                context.write(message, promise);
                send(context, refusal);
            } else {
                ChannelPromise written = promise.unvoid();
                written.addListener(done -> closeGently(context));
                context.write(message, written);
            }
            return;
        }
        context.write(message, promise);
        if (readsHeld) {
            holdOrResumeReads(context);
        }
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext context) {
        if (deferred != null) {
            ReferenceCountUtil.release(deferred); // the connection closed before the answers ahead of it were out
            deferred = null;
        }
    }

    /** The chunked body of the last request passed on is malformed: answered here if its handler has not begun to. */
    private void bodyBrokeOff(ChannelHandlerContext context, Object message, DecoderResult result) {
        ApiException error = result.cause() instanceof TooLongHttpHeaderException
                ? new ApiException(HttpStatus.REQUEST_HEADER_FIELDS_TOO_LARGE, "invalid_request",
                        "Request trailers exceed the limit of " + maxHeaderBytes + " bytes")
                : ApiException.badRequest("The chunked request body is malformed: a chunk size that is not hexadecimal, "
                        + "or a chunk-size line too long (RFC 9112 §7.1)");
        if (answersBegun == heads - 1 && answersDone == heads - 1) {
            answeredInstead = true;
            refuse(context, message, error, path, heads - 1);
            return;
        }
        failed = true;
        holdOrResumeReads(context);
        ReferenceCountUtil.release(message);
        if (answersDone == heads) {
            closeGently(context);
        } else {
            closeWhenAnswered = true;
        }
    }

    /** Answers {@code error} once the {@code answersOwed} requests read before this one have their answers out. */
    private void refuse(ChannelHandlerContext context, Object message, ApiException error, String path, int answersOwed) {
        failed = true;
        holdOrResumeReads(context);
        ReferenceCountUtil.release(message);
        ApiErrorHandler.Rendered rendered = ApiErrorHandler.render(error, path, json);
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                HttpResponseStatus.valueOf(error.status().value()), Unpooled.wrappedBuffer(rendered.body()));
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, rendered.contentType().toString())
                .setInt(HttpHeaderNames.CONTENT_LENGTH, rendered.body().length)
                .set(HttpHeaderNames.CACHE_CONTROL, "no-store")
                .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        if (answersDone < answersOwed) {
            deferred = response;
            closeWhenAnswered = true;
        } else {
            send(context, response);
        }
    }

    private void send(ChannelHandlerContext context, FullHttpResponse response) {
        context.writeAndFlush(response).addListener(written -> closeGently(context));
    }

    /** Why the server would refuse a well-formed request before any handler: its version, or a target no URI parses. */
    private static @Nullable ApiException refusal(HttpRequest request) {
        HttpVersion version = request.protocolVersion();
        if (version.majorVersion() != 1 || version.minorVersion() > 1) {
            return new ApiException(HttpStatus.HTTP_VERSION_NOT_SUPPORTED, "invalid_request",
                    "HTTP version not supported: use HTTP/1.1");
        }
        if (request.method() == HttpMethod.CONNECT) {
            return new ApiException(HttpStatus.NOT_IMPLEMENTED, "invalid_request",
                    "CONNECT is not implemented: this server is not a proxy (RFC 9110 §9.3.6)");
        }
        if (!isUri(request.uri())) {
            return ApiException.badRequest("The request target is not a valid URI (RFC 3986): an illegal character or a "
                    + "percent sign not followed by two hexadecimal digits");
        }
        String host = request.headers().get(HttpHeaderNames.HOST);
        if (host == null && version.minorVersion() == 1) {
            return ApiException.badRequest("An HTTP/1.1 request must carry a Host header (RFC 9112 §3.2)");
        }
        if (host != null && !HostHeader.isValid(host)) {
            return ApiException.badRequest("The Host header is not a host and optional port (RFC 9112 §3.2, RFC 3986 §3.2.2)");
        }
        List<String> expectations = request.headers().getAll(HttpHeaderNames.EXPECT);
        if (!expectations.isEmpty() && !isContinue(String.join(",", expectations))) {
            return new ApiException(HttpStatus.EXPECTATION_FAILED, "invalid_request",
                    "The only expectation this server meets is 100-continue (RFC 9110 §10.1.1)");
        }
        List<String> transferCodings = request.headers().getAll(HttpHeaderNames.TRANSFER_ENCODING);
        return transferCodings.isEmpty() ? null : transferCodingRefusal(String.join(",", transferCodings));
    }

    /** Whether an Expect field's members are 100-continue alone (repeated or not; empty members are ignored). */
    private static boolean isContinue(String expect) {
        return Arrays.stream(expect.split(",")).map(String::trim).filter(member -> !member.isEmpty())
                .allMatch(HttpHeaderValues.CONTINUE::contentEqualsIgnoreCase);
    }

    /**
     * Why a body in {@code transferEncoding} is refused; null for chunked alone. A body whose last coding is not chunked,
     * or that is chunked twice, has no length to trust (RFC 9112 §6.3: 400); any other coding before chunked is one
     * this server does not implement (RFC 9112 §6.1: 501) — Netty decodes "gzip, chunked" as chunked alone, and the body
     * would be read still compressed.
     */
    private static @Nullable ApiException transferCodingRefusal(String transferEncoding) {
        // empty list elements are ignored (RFC 9110 §5.6.1)
        List<String> codings = Arrays.stream(transferEncoding.split(",")).map(String::trim).filter(c -> !c.isEmpty()).toList();
        String chunked = HttpHeaderValues.CHUNKED.toString();
        long chunkedCount = codings.stream().filter(chunked::equalsIgnoreCase).count();
        if (codings.size() == 1 && chunkedCount == 1) {
            return null;
        }
        String named = String.join(", ", codings);
        if (chunkedCount != 1 || !codings.getLast().equalsIgnoreCase(chunked)) {
            return ApiException.badRequest("Transfer-Encoding " + named + " does not end in one chunked coding: the body's "
                    + "length cannot be determined (RFC 9112 §6.3)");
        }
        return new ApiException(HttpStatus.NOT_IMPLEMENTED, "invalid_request", "Transfer-Encoding " + named
                + " is not implemented (RFC 9112 §6.1): send the body with Content-Length, or chunked only");
    }

    /** Whether {@code target} parses as a URI: at once for the usual target of plain characters, else by parsing it. */
    static boolean isUri(String target) {
        for (int i = 0; i < target.length(); i++) {
            char c = target.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || PLAIN.indexOf(c) >= 0)) {
                try {
                    new URI(target);
                    return true;
                } catch (URISyntaxException e) {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * Half-closes first: a client still sending the body it had started would otherwise meet a reset instead of reading
     * our answer. What it still sends is discarded, and the connection is closed shortly after.
     */
    private void closeGently(ChannelHandlerContext context) {
        if (context.channel() instanceof DuplexChannel duplex) {
            duplex.shutdownOutput();
            lingering = true;
            holdOrResumeReads(context);
            context.executor().schedule(() -> context.close(), LINGER.toMillis(), TimeUnit.MILLISECONDS);
        } else {
            context.close();
        }
    }

    /** Called with the first bytes the connection received ({@link RequestLineStart}). */
    void firstBytes(String lineStart) {
        firstLineStart = lineStart;
    }

    /**
     * The target of a request that failed to decode: for the connection's first request, when its line was too long to
     * decode (Netty then passes on a placeholder target), as far as the line's first bytes tell.
     */
    private String targetOf(HttpRequest failed) {
        boolean lineUnread = failed.decoderResult().cause() instanceof TooLongHttpLineException
                || NETTY_PLACEHOLDER.equals(failed.uri());
        return heads == 0 && firstLineStart != null && lineUnread ? RequestLineStart.targetOf(firstLineStart) : failed.uri();
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
