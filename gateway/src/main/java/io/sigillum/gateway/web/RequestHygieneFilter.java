package io.sigillum.gateway.web;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.util.MimeTypeUtils;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Refuses, before any handler reads a byte of it, a request that no handler should see:
 * <ul>
 * <li>a declared body over the limit (413); bodies without a length are cut by the codecs' in-memory limit (same
 * value) and mapped to the same 413;</li>
 * <li>a URI whose path or query encodes a NUL character (400, see {@link InputRules});</li>
 * <li>a path with parameters ({@code ;}, RFC 3986 §3.3), or one that percent-encodes a character that needs no
 * encoding (a letter, a digit, {@code -._~}: RFC 3986 §2.3 makes {@code /%63sc/} the same path as {@code /csc/}) (400):
 * routing reads the path without its parameters and decoded, while whatever reads it as text (which methods need a
 * token, which limits apply, which error format answers) would not: {@code /csc;x/v2/…} or {@code /%63sc/v2/…} must not
 * reach a CSC method as a path outside the CSC API;</li>
 * <li>a repeated {@code Authorization}, {@code Host}, {@code Content-Type} or {@code Idempotency-Key} header (400):
 * which credentials, which host, which kind of body or which earlier request the request carries or repeats must not
 * depend on which of two a reader takes (RFC 9112 §3.2 requires the 400 for two Hosts; RFC 9110 §5.3 allows one value
 * of the others);</li>
 * <li>a body in a content coding (415, RFC 9110 §15.5.16): no handler decodes one, and a compressed body read as
 * JSON would only be called malformed;</li>
 * <li>a query parameter of the REST API given twice (400): every one of them takes one value, and a filter that
 * silently used the first of two would answer a question the caller did not ask;</li>
 * <li>an {@code Accept} header of more than {@value #MAX_MEDIA_RANGES} media ranges (406): Spring sorts no more, and
 * failed on them with a 500.</li>
 * </ul>
 * An {@code Accept} header Spring cannot read is made readable first: its empty list elements are dropped (RFC 9110
 * §5.6.1.2: a recipient ignores them; {@code application/json,} is a valid header Spring refused with a 400), and one that
 * still does not parse (a malformed range or {@code q}) is taken off (RFC 9110 §12.5.1 lets a server disregard it), so
 * every handler, Actuator's included, answers as if it were absent rather than with an error.
 * And it takes {@code Range} and {@code If-Range} off a request (RFC 9110 §14.2 lets a server ignore them): nothing the
 * gateway serves is large enough to need a part of it, and Spring's static files answered some ranges with a length their
 * body did not have, which left the client waiting for the rest.
 * It also hands the API documentation's requests to SpringDoc as made to the public base URL ({@link DocsBaseUrl}).
 * One filter for all: every filter in the chain costs each request a checkpoint of its own.
 */
@Component
class RequestHygieneFilter implements WebFilter, Ordered {

    private static final List<String> SINGLETONS = List.of(HttpHeaders.AUTHORIZATION, HttpHeaders.HOST, HttpHeaders.CONTENT_TYPE,
            "Idempotency-Key");

    /** A percent-encoded letter, digit, '-', '.', '_' or '~' (RFC 3986 §2.3: unreserved, never to be encoded). */
    private static final Pattern ENCODED_UNRESERVED = Pattern.compile("%(?:[46][1-9A-Fa-f]|[57][0-9Aa]|3[0-9]|2[DEde]|5[Ff]|7[Ee])");

    /** The OAuth2 authorization page, which answers a holder's browser with a page, not JSON. */
    private static final String PAGE_READING_ITS_QUERY = "/oauth2/authorize";

    /** The most media ranges of an Accept header Spring sorts ({@code MimeTypeUtils.sortBySpecificity}). */
    static final int MAX_MEDIA_RANGES = 50;

    private final long maxBytes;
    private final DocsBaseUrl docs;

    RequestHygieneFilter(HttpLimitsProperties limits, DocsBaseUrl docs) {
        this.maxBytes = limits.maxBodySize().toBytes();
        this.docs = docs;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        long length = exchange.getRequest().getHeaders().getContentLength();
        if (length > maxBytes) {
            return Mono.error(new ApiException(HttpStatus.CONTENT_TOO_LARGE, "request_too_large",
                    "Request body of " + length + " bytes exceeds the limit of " + maxBytes + " bytes"));
        }
        URI uri = exchange.getRequest().getURI();
        // the authorization page reads its own query and refuses a NUL in it on an error page, or back to the client
        boolean pageReadsItsQuery = PAGE_READING_ITS_QUERY.equals(exchange.getRequest().getPath().value());
        if (encodesNul(uri.getRawPath()) || !pageReadsItsQuery && encodesNul(uri.getRawQuery())) {
            return Mono.error(new RejectedInputException("The request URI " + InputRules.NUL_MESSAGE));
        }
        String path = uri.getRawPath();
        if (path != null && path.indexOf(';') >= 0) {
            return Mono.error(new RejectedInputException("The request path carries parameters (';'); no resource here takes any"));
        }
        if (path != null && path.indexOf('%') >= 0 && ENCODED_UNRESERVED.matcher(path).find()) {
            return Mono.error(new RejectedInputException("The request path percent-encodes a character that needs no encoding"));
        }
        HttpHeaders headers = exchange.getRequest().getHeaders();
        String coding = headers.getFirst(HttpHeaders.CONTENT_ENCODING);
        if (coding != null && !coding.isBlank() && !coding.trim().equalsIgnoreCase("identity")) {
            return Mono.error(new ApiException(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type",
                    "Content-Encoding " + coding.trim() + " is not accepted: send the body unencoded"));
        }
        for (String singleton : SINGLETONS) {
            if (repeated(headers, singleton)) {
                return Mono.error(new RejectedInputException("The request repeats its " + singleton + " header"));
            }
        }
        if (tooManyMediaRanges(headers.get(HttpHeaders.ACCEPT))) {
            return Mono.error(new ApiException(HttpStatus.NOT_ACCEPTABLE, "not_acceptable",
                    "The Accept header lists more than " + MAX_MEDIA_RANGES + " media ranges; list fewer, or none"));
        }
        if (uri.getRawQuery() != null && exchange.getRequest().getPath().value().startsWith("/api/")) {
            Optional<String> twice = exchange.getRequest().getQueryParams().entrySet().stream()
                    .filter(param -> param.getValue().size() > 1).map(Map.Entry::getKey).findFirst();
            if (twice.isPresent()) {
                return Mono.error(new RejectedInputException("The query parameter " + twice.get() + " is given more than once"));
            }
        }
        ServerWebExchange handed = DocsBaseUrl.applies(exchange.getRequest().getPath().value()) ? docs.asPublished(exchange)
                : exchange;
        List<String> accept = headers.get(HttpHeaders.ACCEPT);
        List<String> readableAccept = accept == null ? null : readableAccept(accept);
        if (headers.containsHeader(HttpHeaders.RANGE) || readableAccept != accept) {
            return chain.filter(handed.mutate().request(request -> request.headers(writable -> {
                writable.remove(HttpHeaders.RANGE);
                writable.remove(HttpHeaders.IF_RANGE);
                if (readableAccept != accept) {
                    writable.remove(HttpHeaders.ACCEPT);
                    writable.addAll(HttpHeaders.ACCEPT, readableAccept);
                }
            })).build());
        }
        return chain.filter(handed);
    }

    /**
     * The Accept header's values as Spring reads them: the same list when they parse as sent; else the media ranges that
     * are not empty, when those parse; else none (the header disregarded).
     */
    static List<String> readableAccept(List<String> accept) {
        if (!mayHaveEmptyElement(accept) && parses(accept)) {
            return accept;
        }
        List<String> ranges = accept.stream().flatMap(value -> MimeTypeUtils.tokenize(value).stream()).map(String::trim)
                .filter(range -> !range.isEmpty()).toList();
        return !ranges.isEmpty() && parses(ranges) ? List.of(String.join(", ", ranges)) : List.of();
    }

    /**
     * Whether a comma may open, close or follow a comma (blanks between aside): Actuator parses every element the
     * tokenizer gives, an empty one too. Quotes are not followed: a comma inside one only sends the header the longer way.
     */
    private static boolean mayHaveEmptyElement(List<String> accept) {
        for (String value : accept) {
            char previous = ',';
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                if (c == ',' && previous == ',') {
                    return true;
                }
                if (c != ' ' && c != '\t') {
                    previous = c;
                }
            }
            if (previous == ',') {
                return true;
            }
        }
        return false;
    }

    private static boolean parses(List<String> accept) {
        try {
            MediaType.parseMediaTypes(accept);
            return true;
        } catch (IllegalArgumentException unreadable) { // InvalidMediaTypeException, or a q that is not a number
            return false;
        }
    }

    private static boolean repeated(HttpHeaders headers, String name) {
        List<String> values = headers.get(name);
        return values != null && values.size() > 1;
    }

    /** Counted only when the commas say there may be too many: an ordinary Accept header is not tokenized here. */
    private static boolean tooManyMediaRanges(List<String> accept) {
        if (accept == null) {
            return false;
        }
        String joined = String.join(",", accept);
        return joined.chars().filter(c -> c == ',').count() >= MAX_MEDIA_RANGES
                && MimeTypeUtils.tokenize(joined).stream().filter(range -> !range.isBlank()).count() > MAX_MEDIA_RANGES;
    }

    /** A raw NUL, or its percent-encoding ({@code %00}: digits only, so no case to fold). */
    private static boolean encodesNul(String raw) {
        return raw != null && (raw.indexOf('\u0000') >= 0 || raw.contains("%00"));
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE + 1;
    }

    /** Its name in the checkpoint WebFlux makes for each filter on every request: a constant, not a formatted hash code. */
    @Override
    public String toString() {
        return "RequestHygieneFilter";
    }
}
