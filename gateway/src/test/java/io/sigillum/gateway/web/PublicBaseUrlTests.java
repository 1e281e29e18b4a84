package io.sigillum.gateway.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sigillum.gateway.config.StartupFailure;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.springframework.boot.web.server.Ssl;
import org.springframework.boot.web.server.autoconfigure.ServerProperties;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.util.unit.DataSize;

class PublicBaseUrlTests {

    private static final InetSocketAddress LOCAL = new InetSocketAddress(InetAddress.ofLiteral("127.0.0.1"), 8080);
    private static final InetSocketAddress PROXY = new InetSocketAddress(InetAddress.ofLiteral("10.1.2.3"), 50000);
    private static final InetSocketAddress CLIENT = new InetSocketAddress(InetAddress.ofLiteral("203.0.113.9"), 50000);

    @Test
    void withoutConfigurationItIsTheListeningAddressWhateverTheHostHeaderSays() {
        PublicBaseUrl url = url(Optional.empty(), List.of(), false);

        assertThat(url.base(exchange(CLIENT, "Host", "evil.example"))).isEqualTo("http://127.0.0.1:8080");
        assertThat(url.base()).isEqualTo("http://127.0.0.1:8080");
    }

    @Test
    void forwardedHeadersFromAPeerThatIsNoTrustedProxyChangeNothing() {
        PublicBaseUrl url = url(Optional.empty(), List.of("10.0.0.0/8"), false);

        assertThat(url.base(exchange(CLIENT, "X-Forwarded-Host", "evil.example"))).isEqualTo("http://127.0.0.1:8080");
        assertThat(url.base(exchange(CLIENT, "Forwarded", "proto=https;host=evil.example"))).isEqualTo("http://127.0.0.1:8080");
        assertThat(url.secure(exchange(CLIENT, "X-Forwarded-Proto", "https"))).isFalse();
    }

    @Test
    void aTrustedProxySaysHowTheClientReachedIt() {
        PublicBaseUrl url = url(Optional.empty(), List.of("10.0.0.0/8", "::1"), false);

        MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.get("/csc/v2/info")
                .remoteAddress(PROXY).localAddress(LOCAL)
                .header("X-Forwarded-Proto", "https").header("X-Forwarded-Host", "sign.example.com")
                .header("X-Forwarded-Prefix", "/qtsp"));

        assertThat(url.base(exchange)).isEqualTo("https://sign.example.com/qtsp");
        assertThat(url.resolve(exchange, "/oauth2/token")).isEqualTo(URI.create("https://sign.example.com/qtsp/oauth2/token"));
        assertThat(url.secure(exchange)).isTrue();
        assertThat(url.base(exchange(PROXY, "Forwarded", "proto=http;host=sign.example.com:8081")))
                .isEqualTo("http://sign.example.com:8081");
        assertThat(url.base(exchange(PROXY, "X-Forwarded-Host", "evil.example/x"))).isEqualTo("http://127.0.0.1:8080");
    }

    @Test
    void theConfiguredUrlWinsOverEverything() {
        PublicBaseUrl url = url(Optional.of(URI.create("https://sign.example.com/")), List.of("10.0.0.0/8"), false);

        assertThat(url.base(exchange(PROXY, "X-Forwarded-Host", "other.example"))).isEqualTo("https://sign.example.com");
        assertThat(url.base()).isEqualTo("https://sign.example.com");
        assertThat(url.secure(exchange(CLIENT, "Host", "x"))).isTrue();
    }

    @Test
    void builtInTlsMakesTheListeningAddressHttps() {
        PublicBaseUrl url = url(Optional.empty(), List.of(), true);

        assertThat(url.base(exchange(CLIENT, "Host", "x"))).isEqualTo("https://127.0.0.1:8080");
    }

    @Test
    void unusableSettingsStopStartUp() {
        assertThatThrownBy(() -> url(Optional.of(URI.create("sign.example.com")), List.of(), false))
                .isInstanceOf(StartupFailure.class).hasMessageContaining("SIGILLUM_PUBLIC_BASE_URL");
        assertThatThrownBy(() -> url(Optional.of(URI.create("https://sign.example.com/?a=b")), List.of(), false))
                .isInstanceOf(StartupFailure.class);
        for (String unusable : List.of("https://sign.example.com:99999", "https://sign.example.com:0", "https://sign.example.com/a/../b",
                "https://sign.example.com/./csc")) {
            assertThatThrownBy(() -> url(Optional.of(URI.create(unusable)), List.of(), false)).as(unusable)
                    .isInstanceOf(StartupFailure.class).hasMessageContaining("valid port");
        }
        assertThat(url(Optional.of(URI.create("https://sign.example.com:8443/qtsp/")), List.of(), false)).isNotNull();
        assertThatThrownBy(() -> url(Optional.empty(), List.of("proxy.internal"), false))
                .isInstanceOf(StartupFailure.class).hasMessageContaining("trusted-proxies");
        assertThatThrownBy(() -> url(Optional.empty(), List.of("10.0.0.0/33"), false)).isInstanceOf(StartupFailure.class);
    }

    private static MockServerWebExchange exchange(InetSocketAddress peer, String header, String value) {
        return MockServerWebExchange.from(MockServerHttpRequest.get("/csc/v2/info").remoteAddress(peer).localAddress(LOCAL)
                .header(header, value));
    }

    private static PublicBaseUrl url(Optional<URI> configured, List<String> proxies, boolean tls) {
        ServerProperties server = new ServerProperties();
        server.setPort(8080);
        server.setAddress(InetAddress.ofLiteral("127.0.0.1"));
        if (tls) {
            server.setSsl(Ssl.forBundle("any"));
        }
        return new PublicBaseUrl(new PublicBaseUrlProperties(configured),
                new HttpLimitsProperties(DataSize.ofMegabytes(1), proxies, Duration.ofSeconds(30)), server);
    }
}
