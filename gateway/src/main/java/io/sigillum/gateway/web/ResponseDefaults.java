package io.sigillum.gateway.web;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.DateFormatter;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpStatusClass;
import java.util.Date;

/**
 * What every response carries unless it says otherwise, set where every response passes (the refusals of the handlers
 * next to the codec included):
 * <ul>
 * <li>the {@code Date} header an origin server with a clock must send (RFC 9110 §6.6.1), which Reactor Netty does not:
 *     caches, and clients of OCSP (RFC 5019 §6.2) and of the token endpoint, read ages from it. The text changes once a
 *     second, so it is formatted once a second, not per response;</li>
 * <li>{@code X-Content-Type-Options: nosniff}, so that a browser takes a body for what its Content-Type says (a JSON
 *     answer that echoes input is never run as a script or page);</li>
 * <li>{@code Cache-Control: no-store} on a response that does not say how it may be cached: the answers of the APIs are
 *     one caller's (a SAD, a credential's details, a signature), and no cache on the way may keep them. What may be
 *     cached (the CA's certificates and CRLs) says so; a 304 revalidates a response that said so, and gets nothing;</li>
 * <li>no empty {@code Accept-Patch} (Spring's answer to OPTIONS where nothing takes PATCH; RFC 5789 §3.1 wants a media
 *     type);</li>
 * <li>no {@code Accept-Ranges} (Spring's static files offer byte ranges, which the gateway does not serve: a
 *     {@code Range} is taken off every request, see {@link RequestHygieneFilter});</li>
 * <li>where the gateway itself serves HTTPS, {@code Strict-Transport-Security} (RFC 6797), so that a browser that came
 *     once never sends the holder's password or PIN over plain HTTP to a look-alike.</li>
 * </ul>
 */
@ChannelHandler.Sharable
final class ResponseDefaults extends ChannelOutboundHandlerAdapter {

    private static final String NO_STORE = "no-store";
    private static final String NOSNIFF = "nosniff";
    /** Netty's own names are lower case; on HTTP/1.1 a header is written as given, so these in the spelling of the others. */
    private static final String DATE = "Date";
    private static final String CONTENT_TYPE_OPTIONS = "X-Content-Type-Options";
    private static final String CACHE_CONTROL = "Cache-Control";
    private static final String STRICT_TRANSPORT_SECURITY = "Strict-Transport-Security";
    private static final String ONE_YEAR = "max-age=31536000";

    private record Stamp(long second, String text) {
    }

    private volatile Stamp stamp = new Stamp(Long.MIN_VALUE, "");
    private final boolean https;

    ResponseDefaults(boolean https) {
        this.https = https;
    }

    @Override
    public void write(ChannelHandlerContext context, Object message, ChannelPromise promise) throws Exception {
        if (message instanceof HttpResponse response && response.status().codeClass() != HttpStatusClass.INFORMATIONAL) {
            HttpHeaders headers = response.headers();
            if (!headers.contains(HttpHeaderNames.DATE)) {
                headers.set(DATE, now());
            }
            headers.set(CONTENT_TYPE_OPTIONS, NOSNIFF);
            String acceptPatch = headers.get(HttpHeaderNames.ACCEPT_PATCH);
            if (acceptPatch != null && acceptPatch.isBlank()) {
                // Spring answers OPTIONS with an empty Accept-Patch when no endpoint takes PATCH: not a header's syntax
                headers.remove(HttpHeaderNames.ACCEPT_PATCH);
            }
            headers.remove(HttpHeaderNames.ACCEPT_RANGES);
            if (https) {
                headers.set(STRICT_TRANSPORT_SECURITY, ONE_YEAR);
            }
            if (!headers.contains(HttpHeaderNames.CACHE_CONTROL) && response.status().code() != HttpResponseStatus.NOT_MODIFIED.code()) {
                headers.set(CACHE_CONTROL, NO_STORE);
            }
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
