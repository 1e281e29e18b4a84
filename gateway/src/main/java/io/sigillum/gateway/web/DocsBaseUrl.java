package io.sigillum.gateway.web;

import java.net.URI;
import java.util.List;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;

/**
 * The API document and the Swagger UI (SpringDoc) build the URLs they hand out — the document's server, the UI's OAuth2
 * redirect — from the request's {@code Host} and {@code Forwarded} / {@code X-Forwarded-*} headers as they come, whoever
 * sent them: a client chose the server URL the document announced, and a forwarded port that is not a number failed with
 * a 500. Their requests are therefore rewritten to the gateway's own public base URL ({@link PublicBaseUrl}: configured,
 * or the listening address as a trusted proxy says it is reached), its path as the context path, without the forwarding
 * headers. Applied by {@link RequestHygieneFilter}, so that no other request pays a filter of its own.
 */
@Component
class DocsBaseUrl {

    private static final List<String> DOCS = List.of("/v3/api-docs", "/swagger-ui");
    private static final List<String> FORWARDING = List.of("Forwarded", "X-Forwarded-Host", "X-Forwarded-Port",
            "X-Forwarded-Proto", "X-Forwarded-Ssl", "X-Forwarded-Prefix");

    private final PublicBaseUrl publicBaseUrl;

    DocsBaseUrl(PublicBaseUrl publicBaseUrl) {
        this.publicBaseUrl = publicBaseUrl;
    }

    /** Whether the request is one of the documentation's. */
    static boolean applies(String path) {
        return path.startsWith(DOCS.get(0)) || path.startsWith(DOCS.get(1));
    }

    /** The documentation's request as if made to the public base URL. */
    ServerWebExchange asPublished(ServerWebExchange exchange) {
        URI base = URI.create(publicBaseUrl.base(exchange));
        String prefix = base.getRawPath() == null ? "" : base.getRawPath();
        URI requested = exchange.getRequest().getURI();
        URI published = URI.create(base.getScheme() + "://" + base.getRawAuthority() + prefix + requested.getRawPath()
                + (requested.getRawQuery() == null ? "" : "?" + requested.getRawQuery()));
        ServerHttpRequest request = exchange.getRequest().mutate().uri(published).contextPath(prefix)
                .headers(headers -> FORWARDING.forEach(headers::remove)).build();
        return exchange.mutate().request(request).build();
    }
}
