package io.sigillum.gateway.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

class TrustedProxiesTests {

    @Test
    void addressesAndRangesOfBothFamiliesMatchExactlyTheirMembers() {
        TrustedProxies proxies = TrustedProxies.of(List.of("10.0.0.0/8", "192.168.1.7", "fd00::/8", "172.16.0.0/12"));

        assertThat(proxies.contains(peer("10.255.0.1"))).isTrue();
        assertThat(proxies.contains(peer("11.0.0.1"))).isFalse();
        assertThat(proxies.contains(peer("192.168.1.7"))).isTrue();
        assertThat(proxies.contains(peer("192.168.1.8"))).isFalse();
        assertThat(proxies.contains(peer("fd12::1"))).isTrue();
        assertThat(proxies.contains(peer("fe80::1"))).isFalse();
        assertThat(proxies.contains(peer("172.31.255.255"))).isTrue();
        assertThat(proxies.contains(peer("172.32.0.0"))).isFalse();
        assertThat(proxies.contains(null)).isFalse();
        assertThat(proxies.contains(InetSocketAddress.createUnresolved("10.0.0.1", 80))).isFalse();
    }

    @Test
    void noneTrustsNobody() {
        TrustedProxies proxies = TrustedProxies.of(List.of());

        assertThat(proxies.isEmpty()).isTrue();
        assertThat(proxies.contains(peer("127.0.0.1"))).isFalse();
    }

    private static InetSocketAddress peer(String address) {
        return new InetSocketAddress(InetAddress.ofLiteral(address), 40000);
    }
}
