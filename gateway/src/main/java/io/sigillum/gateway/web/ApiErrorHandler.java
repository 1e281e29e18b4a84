package io.sigillum.gateway.web;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.stereotype.Component;
import org.springframework.web.server.MethodNotAllowedException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebExceptionHandler;
import org.springframework.web.util.UriUtils;
import reactor.core.publisher.Mono;
import reactor.netty.channel.AbortedException;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one place where failures become responses: CSC error JSON ({@code {"error","error_description"}}) under
 * {@code /csc/v2/}, RFC 9457 {@code application/problem+json} everywhere else.
 */
@Component
@Order(-2)
class ApiErrorHandler implements WebExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ApiErrorHandler.class);
    static final String CSC_PREFIX = "/csc/";
    private static final String WEBHOOKS_PREFIX = "/api/v1/webhooks/";

    private static final long OUTAGE_WARNING_INTERVAL_NANOS = 1_000_000_000L;

    private final AtomicLong lastOutageWarning = new AtomicLong(System.nanoTime() - OUTAGE_WARNING_INTERVAL_NANOS - 1);
    private final ErrorClassifier classifier;
    private final JsonMapper json;

    ApiErrorHandler(HttpLimitsProperties limits, JsonMapper json) {
        this.classifier = new ErrorClassifier(limits.maxBodySize());
        this.json = json;
    }

    @Override
    public Mono<Void> handle(ServerWebExchange exchange, Throwable failure) {
        ServerHttpResponse response = exchange.getResponse();
        if (response.isCommitted()) {
            return Mono.error(failure);
        }
        ApiException error = classifier.classify(failure);
        if (failure instanceof AbortedException) {
            // a connection that closed while the request was read or served (the client hung up, or the edge closed it
            // having answered a request whose body broke off) is not the server's failure: not logged as one. It is
            // answered all the same, in case the connection is still there: an answer to nobody is dropped, a failure
            // swallowed would be a 200 with no body
            log.debug("{} {}: a connection closed before the answer ({})", exchange.getRequest().getMethod(),
                    exchange.getRequest().getPath(), failure.toString());
        } else if (error.status().is5xxServerError() && error.status() != HttpStatus.SERVICE_UNAVAILABLE
                && error.status() != HttpStatus.NOT_IMPLEMENTED) { // 501: a method the service does not offer, by design
            log.error("Unhandled failure on {} {}", exchange.getRequest().getMethod(), exchange.getRequest().getPath(), failure);
        } else if (error.status() == HttpStatus.SERVICE_UNAVAILABLE) {
            logUnavailable(exchange, failure);
        }
        Rendered rendered = render(error, exchange.getRequest().getPath().pathWithinApplication().value(), json);
        response.setStatusCode(error.status());
        HttpHeaders headers = response.getHeaders();
        headers.setContentType(rendered.contentType());
        headers.setCacheControl("no-store");
        error.retryAfter().ifPresent(after -> headers.set(HttpHeaders.RETRY_AFTER, Long.toString(ApiException.retrySeconds(after))));
        challenge(error, exchange).ifPresent(value -> headers.set(HttpHeaders.WWW_AUTHENTICATE, value));
        if (failure instanceof MethodNotAllowedException method) {
            headers.setAllow(ErrorClassifier.allowed(method));
        }
        return response.writeWith(Mono.fromSupplier(() -> response.bufferFactory().wrap(rendered.body())));
    }

    /**
     * A refusal the gateway decided on (admission, deadline, audit stall) is counted by metrics and logged at debug: under
     * overload a line per request would cost more than the refusal. A store failure is a warning, at most one a second.
     */
    private void logUnavailable(ServerWebExchange exchange, Throwable failure) {
        if (failure instanceof ApiException) {
            log.debug("Refused on {}: {}", exchange.getRequest().getPath(), failure.getMessage());
            return;
        }
        long now = System.nanoTime();
        long last = lastOutageWarning.get();
        if (now - last > OUTAGE_WARNING_INTERVAL_NANOS && lastOutageWarning.compareAndSet(last, now)) {
            log.warn("Unavailable on {}: {}", exchange.getRequest().getPath(), failure.toString());
        }
    }

    /**
     * The authentication challenge of a 401 (and of a 403 for a token's scope): RFC 6749 §5.2 for a client that failed
     * to authenticate at the authorization server, RFC 6750 §3 for a bearer token the CSC API or the issuance API
     * refused, the signature headers for a webhook.
     */
    private static Optional<String> challenge(ApiException error, ServerWebExchange exchange) {
        boolean insufficientScope = error.status() == HttpStatus.FORBIDDEN && error.code().equals("insufficient_scope");
        if (error.status() != HttpStatus.UNAUTHORIZED && !insufficientScope) {
            return Optional.empty();
        }
        String path = asRouted(exchange.getRequest().getPath().pathWithinApplication().value());
        if (path.startsWith("/oauth2/")) {
            return Optional.of("Basic realm=\"sigillum\"");
        }
        if (path.startsWith(CSC_PREFIX)) {
            String code = insufficientScope ? "insufficient_scope"
                    : error.code().equals("invalid_token") || error.code().equals("expired_token") ? "invalid_token" : "";
            // another scheme, or "Bearer" without a token, is no token: a challenge without an error code (RFC 6750 §3.1)
            String authorization = exchange.getRequest().getHeaders().getFirst(HttpHeaders.AUTHORIZATION);
            boolean hadToken = authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)
                    && !authorization.substring(7).isBlank();
            return Optional.of(code.isEmpty() || !hadToken && !insufficientScope ? "Bearer realm=\"sigillum\""
                    : "Bearer realm=\"sigillum\", error=\"" + code + "\"");
        }
        if (path.startsWith(WEBHOOKS_PREFIX)) {
            return Optional.of("Sigillum-Signature realm=\"sigillum-webhooks\"");
        }
        // the issuance API's sessions are bearer tokens (POST /api/v1/sessions); RFC 9110 §11.6.1: every 401 says how
        boolean hadToken = exchange.getRequest().getHeaders().getFirst(HttpHeaders.AUTHORIZATION) != null;
        return Optional.of(hadToken && error.code().equals("unauthorized")
                ? "Bearer realm=\"sigillum\", error=\"invalid_token\"" : "Bearer realm=\"sigillum\"");
    }

    /** An error body in the form its path calls for. */
    record Rendered(MediaType contentType, byte[] body) {
    }

    /**
     * CSC error JSON under {@code /csc/} and {@code /oauth2/}, problem+json elsewhere; by the path as routing reads it
     * ({@code /csc;x/v2/…} and {@code /%63sc/v2/…} are refused as under {@code /csc/}).
     */
    static Rendered render(ApiException error, String path, JsonMapper json) {
        String routed = asRouted(path);
        boolean csc = routed.startsWith(CSC_PREFIX) || routed.startsWith("/oauth2/");
        Map<String, Object> body = csc ? cscBody(error) : problemBody(error, path);
        return new Rendered(csc ? MediaType.APPLICATION_JSON : MediaType.APPLICATION_PROBLEM_JSON, json.writeValueAsBytes(body));
    }

    private static Map<String, Object> cscBody(ApiException error) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", cscCode(error));
        body.put("error_description", ErrorDescriptions.safe(error.getMessage()));
        return body;
    }

    /** CSC (and OAuth2) clients know a fixed set of codes; gateway-specific codes fold into the nearest one. */
    private static String cscCode(ApiException error) {
        return switch (error.code()) {
            case "not_found", "method_not_allowed", "unsupported_media_type", "not_acceptable", "request_too_large",
                    "request_timeout" -> "invalid_request";
            case "too_many_requests", "code_recently_sent" -> "temporarily_unavailable";
            default -> error.code();
        };
    }

    /** A path as routing reads it: without its segments' parameters (RFC 3986 §3.3), and decoded. */
    private static String asRouted(String path) {
        String routed = path.indexOf(';') < 0 ? path : path.replaceAll(";[^/]*", "");
        if (routed.indexOf('%') < 0) {
            return routed;
        }
        try {
            return UriUtils.decode(routed, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException malformed) {
            return routed;
        }
    }

    private static Map<String, Object> problemBody(ApiException error, String path) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "https://sigillum.io/problems/" + error.code().replace('_', '-'));
        body.put("title", error.status().getReasonPhrase());
        body.put("status", error.status().value());
        body.put("detail", error.getMessage());
        body.put("instance", path);
        body.put("code", error.code());
        // extension members never replace RFC 9457's own (a property named "status" once made status a string)
        error.properties().forEach(body::putIfAbsent);
        return body;
    }
}
