package io.sigillum.gateway.web;

import io.sigillum.gateway.config.StartupFailure;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Locale;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.web.server.Ssl;
import org.springframework.boot.web.server.autoconfigure.ServerProperties;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;

/**
 * The gateway's public base URL — scheme, host, port and path prefix, no trailing slash — with which every URL it hands
 * out begins (CSC {@code info}, the RFC 8414 metadata, redirects, page links). It is {@code sigillum.public-base-url}
 * when configured; otherwise the listening address (https when the server has TLS, the port actually bound), rewritten
 * by {@code Forwarded} / {@code X-Forwarded-*} only when the TCP peer is a trusted proxy. The {@code Host} header is
 * never used: a client must not be able to choose the issuer or the endpoints the gateway announces.
 */
@Component
public final class PublicBaseUrl implements ApplicationListener<WebServerInitializedEvent> {

    private final Optional<String> configured;
    private final TrustedProxies proxies;
    private final boolean tls;
    private final Optional<String> listeningHost;
    private final int configuredPort;
    private volatile int boundPort = -1;

    PublicBaseUrl(PublicBaseUrlProperties properties, HttpLimitsProperties http, ServerProperties server) {
        this.configured = properties.publicBaseUrl().map(PublicBaseUrl::checked);
        this.proxies = TrustedProxies.of(http.trustedProxies());
        this.tls = Ssl.isEnabled(server.getSsl());
        InetAddress address = server.getAddress();
        this.listeningHost = Optional.ofNullable(address).filter(a -> !a.isAnyLocalAddress()).map(PublicBaseUrl::literal);
        this.configuredPort = server.getPort() == null ? 8080 : server.getPort();
    }

    /** The base URL without a request: the configured one, else the listening address. */
    public String base() {
        return configured.orElseGet(this::listening);
    }

    /** The listening address as this machine reaches it (the configured public URL may not be reachable from inside). */
    public String listening() {
        return origin(scheme(), listeningHost.orElse("127.0.0.1"), port(null));
    }

    /** The base URL as the client of this exchange reached the gateway. */
    public String base(ServerWebExchange exchange) {
        if (configured.isPresent()) {
            return configured.get();
        }
        ServerHttpRequest request = exchange.getRequest();
        InetSocketAddress local = request.getLocalAddress();
        String host = listeningHost.orElseGet(() -> local == null || local.getAddress() == null
                || local.getAddress().isAnyLocalAddress() ? "127.0.0.1" : literal(local.getAddress()));
        int port = port(local);
        Optional<ForwardedHeaders> forwarded = proxies.contains(request.getRemoteAddress())
                ? ForwardedHeaders.read(request.getHeaders()) : Optional.empty();
        if (forwarded.isEmpty()) {
            return origin(scheme(), host, port);
        }
        ForwardedHeaders said = forwarded.get();
        String scheme = said.proto().orElse(scheme());
        // a proxy that names the host but no port means the scheme's default port
        int saidPort = said.port().orElse(said.host().isPresent() ? defaultPort(scheme) : port);
        return origin(scheme, said.host().orElse(host), saidPort) + said.prefix();
    }

    /** {@code base(exchange) + path}; {@code path} starts with {@code /}. */
    public URI resolve(ServerWebExchange exchange, String path) {
        if (!path.startsWith("/")) {
            throw new IllegalArgumentException("path must start with /: " + path);
        }
        return URI.create(base(exchange) + path);
    }

    /**
     * Whether the client's connection is TLS: this one is, or the public base URL (configured, or as a trusted proxy
     * said) is https. A cookie set on this exchange may then be {@code Secure}.
     */
    public boolean secure(ServerWebExchange exchange) {
        return exchange.getRequest().getSslInfo() != null || base(exchange).startsWith("https://");
    }

    @Override
    public void onApplicationEvent(WebServerInitializedEvent event) {
        // the main server only (a separate management server has a namespace); with server.port=0 this is the real port
        if (event.getApplicationContext().getServerNamespace() == null) {
            boundPort = event.getWebServer().getPort();
        }
    }

    private String scheme() {
        return tls ? "https" : "http";
    }

    private int port(@Nullable InetSocketAddress local) {
        if (boundPort > 0) {
            return boundPort;
        }
        return local != null && local.getPort() > 0 ? local.getPort() : configuredPort;
    }

    /** {@code scheme://host[:port]}, leaving out the scheme's default port. */
    static String origin(String scheme, String host, int port) {
        return scheme + "://" + host + (port == defaultPort(scheme) ? "" : ":" + port);
    }

    private static int defaultPort(String scheme) {
        return scheme.equals("https") ? 443 : 80;
    }

    /** An IP address as it goes into a URL: IPv6 in brackets. */
    static String literal(InetAddress address) {
        String text = address.getHostAddress();
        int zone = text.indexOf('%');
        return address instanceof Inet6Address ? "[" + (zone < 0 ? text : text.substring(0, zone)) + "]" : text;
    }

    private static String checked(URI uri) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        // a port TCP has, and a path that is already normal (RFC 3986 §6.2.2.3): the issuer a client compares is this text
        if (!(scheme.equals("https") || scheme.equals("http")) || uri.getHost() == null || uri.getRawQuery() != null
                || uri.getRawFragment() != null || uri.getRawUserInfo() != null || uri.getPort() > 65_535 || uri.getPort() == 0
                || !uri.normalize().getRawPath().equals(uri.getRawPath())) {
            throw new StartupFailure("SIGILLUM_PUBLIC_BASE_URL must be an absolute http(s) URL with a host, a valid port, a"
                    + " path without . or .. segments and no query, fragment or user info, e.g. https://sign.example.com; got "
                    + uri);
        }
        String text = uri.toString();
        return text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
    }
}
