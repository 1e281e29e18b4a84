package io.sigillum.gateway.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;

class ForwardedHeadersTests {

    @Test
    void theFirstForwardedElementGivesProtoAndHostWithPort() {
        ForwardedHeaders said = read("Forwarded", "for=192.0.2.60;proto=https;host=\"Sign.Example.com:8443\", for=10.0.0.1;host=inner")
                .orElseThrow();

        assertThat(said.proto()).contains("https");
        assertThat(said.host()).contains("sign.example.com");
        assertThat(said.port()).contains(8443);
        assertThat(said.prefix()).isEmpty();
    }

    @Test
    void forwardedWinsOverTheXForwardedHeadersButTheirPrefixStillCounts() {
        HttpHeaders headers = new HttpHeaders();
        headers.add("Forwarded", "proto=https;host=[2001:db8::1]");
        headers.add("X-Forwarded-Host", "other.example");
        headers.add("X-Forwarded-Prefix", "/sign/");

        ForwardedHeaders said = ForwardedHeaders.read(headers).orElseThrow();

        assertThat(said.host()).contains("[2001:db8::1]");
        assertThat(said.port()).isEmpty();
        assertThat(said.prefix()).isEqualTo("/sign");
    }

    @Test
    void xForwardedHeadersGiveTheFirstOfTheirValues() {
        HttpHeaders headers = new HttpHeaders();
        headers.add("X-Forwarded-Proto", "https, http");
        headers.add("X-Forwarded-Host", "sign.example.com, proxy.internal");
        headers.add("X-Forwarded-Port", "443");

        ForwardedHeaders said = ForwardedHeaders.read(headers).orElseThrow();

        assertThat(said).isEqualTo(new ForwardedHeaders(Optional.of("https"), Optional.of("sign.example.com"), Optional.of(443), ""));
    }

    @Test
    void anythingButPlainValuesIsRefusedAsAWhole() {
        assertThat(read("X-Forwarded-Host", "evil.example/path")).isEmpty();
        assertThat(read("X-Forwarded-Host", "evil.example@good.example")).isEmpty();
        assertThat(read("X-Forwarded-Host", "good.example:99999")).isEmpty();
        assertThat(read("X-Forwarded-Proto", "javascript")).isEmpty();
        assertThat(read("X-Forwarded-Port", "80a")).isEmpty();
        assertThat(read("X-Forwarded-Prefix", "/a/../b")).isEmpty();
        assertThat(read("X-Forwarded-Prefix", "//evil.example")).isEmpty();
        assertThat(read("Forwarded", "host=a.example;host=b.example")).isEmpty();
        assertThat(read("Forwarded", "host=\"unterminated")).isEmpty();
    }

    @Test
    void noForwardedHeadersSayNothing() {
        assertThat(ForwardedHeaders.read(new HttpHeaders())).isEmpty();
        assertThat(read("X-Forwarded-Host", " ")).isEmpty();
    }

    private static Optional<ForwardedHeaders> read(String name, String value) {
        HttpHeaders headers = new HttpHeaders();
        headers.add(name, value);
        return ForwardedHeaders.read(headers);
    }
}
