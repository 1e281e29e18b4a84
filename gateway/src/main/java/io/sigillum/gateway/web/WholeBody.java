package io.sigillum.gateway.web;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.springframework.core.ResolvableType;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferLimitException;
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

    /**
     * Reads the body of {@code exchange} whole. A JSON body must be UTF-8 (RFC 8259 §8.1), strictly: Jackson would
     * otherwise read UTF-16 or UTF-32 as well, and an overlong form ({@code C0 B4} for {@code 4}) as the character,
     * so that a proxy or a log reading the bytes would see another credentialID than the one acted on.
     */
    public static Mono<WholeBody> read(ServerWebExchange exchange, int maxBytes) {
        // a length past the limit is refused from the head: at once, and with no 100 Continue asking for the body
        if (exchange.getRequest().getHeaders().getContentLength() > maxBytes) {
            return Mono.error(new DataBufferLimitException("The body is longer than " + maxBytes + " bytes"));
        }
        boolean json = isJson(exchange.getRequest());
        return DataBufferUtils.join(exchange.getRequest().getBody(), maxBytes).map(WholeBody::copied)
                .defaultIfEmpty(new byte[0])
                .map(bytes -> {
                    if (json && !strictUtf8(bytes)) {
                        throw new RejectedInputException("The JSON body is not UTF-8 (RFC 8259 section 8.1): a NUL byte, "
                                + "UTF-16 or UTF-32, or bytes that are no UTF-8 (an overlong form, say)");
                    }
                    return new WholeBody(bytes, new Replaying(exchange, bytes, maxBytes));
                });
    }

    /** A JSON body as it is sent (one in a content coding is refused with 415 where its handler is chosen). */
    private static boolean isJson(ServerHttpRequest request) {
        if (request.getHeaders().containsHeader(HttpHeaders.CONTENT_ENCODING)) {
            return false;
        }
        try {
            MediaType type = request.getHeaders().getContentType();
            return type != null && (MediaType.APPLICATION_JSON.isCompatibleWith(type) || type.getSubtype().endsWith("+json"));
        } catch (InvalidMediaTypeException notAMediaType) {
            return false;
        }
    }

    /** No NUL byte (JSON text has none; UTF-16 and UTF-32 do), and any byte above 7 bits part of well-formed UTF-8. */
    static boolean strictUtf8(byte[] bytes) {
        boolean ascii = true;
        for (byte b : bytes) {
            if (b == 0) {
                return false;
            }
            ascii &= b > 0;
        }
        if (ascii) {
            return true;
        }
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes));
            return true;
        } catch (CharacterCodingException notUtf8) {
            return false;
        }
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
