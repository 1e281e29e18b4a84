package io.sigillum.gateway.oauth2;

import io.sigillum.gateway.oauth2.AuthorizationStore.AuthorizationSession;
import io.sigillum.gateway.secret.Randomness;
import io.sigillum.gateway.secret.Sha256;
import io.sigillum.gateway.web.PageHeaders;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Optional;
import org.springframework.http.ResponseCookie;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.util.MultiValueMap;
import org.springframework.web.server.ServerWebExchange;

/**
 * What keeps the authorization page to the holder's own browser: the browser cookie its sessions are tied to, the CSRF
 * check of every post, and the page's headers ({@link PageHeaders}).
 */
final class PageGuard {

    static final String BROWSER_COOKIE = "sigillum_browser";

    private PageGuard() {
    }

    /** {@link PageHeaders#protect}, with the client's registered redirect URI as the only other place a post may lead. */
    static void protect(ServerHttpResponse response, Optional<String> redirectUri) {
        PageHeaders.protect(response, redirectUri.map(PageGuard::origin).stream().toList(), false);
    }

    /** The CSP source of a redirect URI: its origin, or for a private-use scheme (RFC 8252 §7.1) the scheme alone. */
    static String origin(String uri) {
        URI parsed = URI.create(uri);
        return parsed.getRawAuthority() == null ? parsed.getScheme() + ":" : parsed.getScheme() + "://" + parsed.getRawAuthority();
    }

    /** The browser's cookie for the page's sessions: set on first visit, HttpOnly, SameSite=Lax, Secure under TLS. */
    static String browserCookie(ServerWebExchange exchange, boolean secure) {
        return Optional.ofNullable(exchange.getRequest().getCookies().getFirst(BROWSER_COOKIE)).map(cookie -> cookie.getValue())
                // only what this gateway gives out (64 lowercase hex digits): any other value is replaced
                .filter(value -> value.length() == 64 && value.chars().allMatch(c -> c >= '0' && c <= '9' || c >= 'a' && c <= 'f'))
                .orElseGet(() -> newBrowserCookie(exchange, secure));
    }

    /**
     * A new browser cookie, set on the response in place of the one sent: at a sign-in, so that a cookie someone else
     * chose or saw before it (planted from a sibling domain, say) no longer opens the signed-in page.
     */
    static String newBrowserCookie(ServerWebExchange exchange, boolean secure) {
        String value = Randomness.hex(32);
        exchange.getResponse().addCookie(ResponseCookie.from(BROWSER_COOKIE, value).httpOnly(true).sameSite("Lax")
                .secure(secure).path("/oauth2/").build());
        return value;
    }

    /** Whether a post comes from the page this browser opened: its cookie and the session's CSRF token (constant time). */
    static boolean genuine(ServerWebExchange exchange, AuthorizationSession session, MultiValueMap<String, String> form) {
        String csrf = Optional.ofNullable(form.getFirst("csrf_token")).orElse("");
        return sameBrowser(exchange, session)
                & MessageDigest.isEqual(csrf.getBytes(StandardCharsets.US_ASCII), session.csrf().getBytes(StandardCharsets.US_ASCII));
    }

    /** Whether the browser sent a page cookie at all: one that blocks cookies is told so, not that the form was forged. */
    static boolean cookieSent(ServerWebExchange exchange) {
        return exchange.getRequest().getCookies().getFirst(BROWSER_COOKIE) != null;
    }

    /** Whether the request comes from the browser that opened the session: its cookie (constant time). */
    static boolean sameBrowser(ServerWebExchange exchange, AuthorizationSession session) {
        return MessageDigest.isEqual(sentBrowser(exchange).getBytes(StandardCharsets.US_ASCII),
                session.browser().getBytes(StandardCharsets.US_ASCII));
    }

    /** The hash of the browser cookie the request carries; empty when it carries none. */
    static String sentBrowser(ServerWebExchange exchange) {
        return Optional.ofNullable(exchange.getRequest().getCookies().getFirst(BROWSER_COOKIE))
                .map(cookie -> hash(cookie.getValue())).orElse("");
    }

    /** The SHA-256 of a browser cookie: what a session keeps instead of the cookie itself. */
    static String hash(String value) {
        return HexFormat.of().formatHex(Sha256.of(value.getBytes(StandardCharsets.UTF_8)));
    }
}
