package io.sigillum.gateway.web;

import java.util.Map;
import org.springframework.core.ResolvableType;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.http.codec.FormHttpMessageReader;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.util.CollectionUtils;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.ServerWebExchangeDecorator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A request's body read whole into memory — at most {@code maxBytes} ({@code sigillum.http.max-body-size}; 413 beyond
 * it, as everywhere) — and the exchange that hands the same bytes to whoever reads the body next, its form data
 * included (an exchange reads its form from the request it was made with, whose body is spent by then).
 *
 * @param bytes the body (none: empty)
 * @param exchange the exchange whose request body, and form, are {@code bytes}
 */
public record WholeBody(byte[] bytes, ServerWebExchange exchange) {

    private static final ResolvableType FORM = ResolvableType.forClassWithGenerics(MultiValueMap.class, String.class, String.class);
    private static final Mono<MultiValueMap<String, String>> NO_FORM =
            Mono.just(CollectionUtils.unmodifiableMultiValueMap(new LinkedMultiValueMap<>(0)));

    /** Whether the request says a body follows its head (a length above zero, or a transfer coding). */
    public static boolean expected(ServerHttpRequest request) {
        HttpHeaders headers = request.getHeaders();
        return headers.getContentLength() > 0 || headers.containsHeader(HttpHeaders.TRANSFER_ENCODING);
    }

    /** Reads the body of {@code exchange} whole. */
    public static Mono<WholeBody> read(ServerWebExchange exchange, int maxBytes) {
        return DataBufferUtils.join(exchange.getRequest().getBody(), maxBytes).map(WholeBody::copied)
                .defaultIfEmpty(new byte[0])
                .map(bytes -> new WholeBody(bytes, new Replaying(exchange, bytes, maxBytes)));
    }

    private static byte[] copied(DataBuffer joined) {
        try {
            byte[] bytes = new byte[joined.readableByteCount()];
            joined.read(bytes);
            return bytes;
        } finally {
            DataBufferUtils.release(joined);
        }
    }

    /** The body on the heap, so that one nobody reads (a request refused before its handler) leaves nothing to release. */
    private static final class Replaying extends ServerWebExchangeDecorator {

        private final ServerHttpRequest request;
        private final Mono<MultiValueMap<String, String>> form;

        Replaying(ServerWebExchange exchange, byte[] bytes, int maxBytes) {
            super(exchange);
            this.request = new ServerHttpRequestDecorator(exchange.getRequest()) {
                @Override
                public Flux<DataBuffer> getBody() {
                    return bytes.length == 0 ? Flux.empty()
                            : Flux.defer(() -> Flux.just(exchange.getResponse().bufferFactory().wrap(bytes)));
                }
            };
            this.form = isForm(request) ? formReader(maxBytes).readMono(FORM, request, Map.of()).cache()
                    : NO_FORM;
        }

        /** As Spring's own exchange: a Content-Type that does not parse has no form (its handler refuses it). */
        private static boolean isForm(ServerHttpRequest request) {
            try {
                return MediaType.APPLICATION_FORM_URLENCODED.isCompatibleWith(request.getHeaders().getContentType());
            } catch (InvalidMediaTypeException notAMediaType) {
                return false;
            }
        }

        private static FormHttpMessageReader formReader(int maxBytes) {
            FormHttpMessageReader reader = new FormHttpMessageReader();
            reader.setMaxInMemorySize(maxBytes);
            return reader;
        }

        @Override
        public ServerHttpRequest getRequest() {
            return request;
        }

        @Override
        public Mono<MultiValueMap<String, String>> getFormData() {
            return form;
        }
    }
}
