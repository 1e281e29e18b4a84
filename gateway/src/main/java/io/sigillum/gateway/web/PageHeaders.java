package io.sigillum.gateway.web;

import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpResponse;

/** The headers every page of the gateway's own sends, so that it stays to itself. */
public final class PageHeaders {

    private PageHeaders() {
    }

    /**
     * No framing (clickjacking a button), no caching, no referrer, its language's dependence on the browser's said, and a
     * content policy that loads only the gateway's own
     * styles and images (and its own scripts when the page has one) and lets a form post only here or to
     * {@code formTargets} (origins; Chromium applies {@code form-action} to the redirect that follows a post too).
     */
    public static void protect(ServerHttpResponse response, List<String> formTargets, boolean ownScripts) {
        HttpHeaders headers = response.getHeaders();
        String formAction = Stream.concat(Stream.of("'self'"), formTargets.stream()).collect(Collectors.joining(" "));
        headers.set("Content-Security-Policy", "default-src 'none'; style-src 'self'; img-src 'self'"
                + (ownScripts ? "; script-src 'self'" : "") + "; form-action " + formAction
                + "; frame-ancestors 'none'; base-uri 'none'");
        headers.set("X-Frame-Options", "DENY");
        headers.set("X-Content-Type-Options", "nosniff");
        headers.set("Referrer-Policy", "no-referrer");
        headers.setCacheControl("no-store");
        // a page speaks the language the browser asks for (RFC 9110 §12.5.5)
        headers.setVary(List.of(HttpHeaders.ACCEPT_LANGUAGE));
    }
}
