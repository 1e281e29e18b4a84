package io.sigillum.gateway.issuance.idempotency;

import io.sigillum.gateway.web.HttpLimitsProperties;
import io.sigillum.gateway.web.WholeBody;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.jspecify.annotations.Nullable;
import org.springframework.core.Ordered;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.cfg.JsonNodeFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads the body of an issuance request that carries an {@code Idempotency-Key} once, keeps its SHA-256 for
 * {@link IdempotentRequestResolver} and hands the handler the same bytes: a key reused with another body is then
 * refused (422) instead of being answered with the first body's result (draft-ietf-httpapi-idempotency-key-header,
 * "Error Scenarios"). Requests without the key, and every request outside {@code /api/}, pass untouched. The body is
 * bounded by the same limit as everywhere ({@code sigillum.http.max-body-size}, 413 beyond it).
 */
@Component
class IdempotentBodyFingerprint implements WebFilter, Ordered {

    static final String ATTRIBUTE = IdempotentBodyFingerprint.class.getName() + ".sha256";
    private static final HexFormat HEX = HexFormat.of();
    /** Writes a tree's object members sorted by name: one canonical text for one JSON value. */
    private static final JsonMapper CANONICAL_JSON = JsonMapper.builder().enable(JsonNodeFeature.WRITE_PROPERTIES_SORTED).build();

    private final int maxBodyBytes;

    IdempotentBodyFingerprint(HttpLimitsProperties limits) {
        this.maxBodyBytes = Math.toIntExact(limits.maxBodySize().toBytes());
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        ServerHttpRequest request = exchange.getRequest();
        if (request.getHeaders().getFirst(IdempotencyKey.HEADER) == null
                || !request.getPath().pathWithinApplication().value().startsWith("/api/")) {
            return chain.filter(exchange);
        }
        return WholeBody.read(exchange, maxBodyBytes).flatMap(body -> {
            body.exchange().getAttributes().put(ATTRIBUTE, fingerprint(body.bytes(), request.getHeaders().getContentType()));
            return chain.filter(body.exchange());
        });
    }

    /**
     * What makes two bodies the same request: a JSON body's content, whatever the order of its members and the
     * whitespace between its tokens (a client that serialises its retry anew may write them differently); any other
     * body, and JSON that does not parse (refused by its handler anyway), byte for byte.
     */
    static String fingerprint(byte[] body, @Nullable MediaType contentType) {
        if (body.length > 0 && contentType != null && (contentType.isCompatibleWith(MediaType.APPLICATION_JSON)
                || "json".equals(contentType.getSubtypeSuffix()))) {
            try {
                return sha256(CANONICAL_JSON.writeValueAsBytes(CANONICAL_JSON.readTree(body)));
            } catch (JacksonException notJson) {
                return sha256(body);
            }
        }
        return sha256(body);
    }

    /** The hex SHA-256 of a body (of no body: of no bytes). */
    static String sha256(byte[] body) {
        try {
            return HEX.formatHex(MessageDigest.getInstance("SHA-256").digest(body));
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException("Every Java platform has SHA-256", impossible);
        }
    }

    /** After admission, the request's hygiene checks and authentication, before any handler reads the body. */
    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE + 20;
    }

    /** Its name in the checkpoint WebFlux makes for each filter on every request: a constant, not a formatted hash code. */
    @Override
    public String toString() {
        return "IdempotentBodyFingerprint";
    }
}
