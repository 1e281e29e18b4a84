package io.sigillum.gateway.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.util.unit.DataSize;

class ClientAddressesTests {

    private final ClientAddresses behindProxies = addresses(List.of("10.0.0.0/8", "::1"));

    @Test
    void aPeerThatIsNoTrustedProxyIsTheClientWhateverItForwards() {
        assertThat(behindProxies.of(from("198.51.100.7", "203.0.113.9"))).isEqualTo("198.51.100.7");
        assertThat(addresses(List.of()).of(from("10.0.0.5", "203.0.113.9"))).isEqualTo("10.0.0.5");
    }

    @Test
    void behindTrustedProxiesTheNearestAddressTheyDidNotAddIsTheClient() {
        assertThat(behindProxies.of(from("10.0.0.5", "203.0.113.9"))).isEqualTo("203.0.113.9");
        // what the client wrote itself, on the left, is not believed
        assertThat(behindProxies.of(from("10.0.0.5", "192.0.2.1, 203.0.113.9, 10.0.0.9"))).isEqualTo("203.0.113.9");
        assertThat(behindProxies.of(from("::1", "2001:db8::7"))).isEqualTo("2001:db8:0:0:0:0:0:7");
    }

    @Test
    void aProxyThatSaysNothingOrNoAddressLeavesItsOwn() {
        assertThat(behindProxies.of(from("10.0.0.5", null))).isEqualTo("10.0.0.5");
        assertThat(behindProxies.of(from("10.0.0.5", "evil.example"))).isEqualTo("10.0.0.5");
        assertThat(behindProxies.of(from("10.0.0.5", "203.0.113.9, unknown"))).isEqualTo("10.0.0.5");
        assertThat(behindProxies.of(from("10.0.0.5", "10.0.0.6, 10.0.0.7"))).isEqualTo("10.0.0.6");
    }

    private static MockServerHttpRequest from(String peer, String forwardedFor) {
        MockServerHttpRequest.BaseBuilder<?> request = MockServerHttpRequest.post("/oauth2/token")
                .remoteAddress(new InetSocketAddress(peer, 50000));
        if (forwardedFor != null) {
            request.header("X-Forwarded-For", forwardedFor);
        }
        return request.build();
    }

    private static ClientAddresses addresses(List<String> proxies) {
        return new ClientAddresses(new HttpLimitsProperties(DataSize.ofMegabytes(1), proxies, Duration.ofSeconds(30)));
    }
}
