package io.sigillum.gateway.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Which Host header values are a host and optional port (RFC 9112 §3.2, RFC 3986 §3.2.2), which a server must refuse. */
class HostHeaderTests {

    @ParameterizedTest
    @ValueSource(strings = {"", "sign.example.com", "Sign.Example.COM:8443", "127.0.0.1", "127.0.0.1:18080", "[::1]",
        "[::1]:8080", "[2001:db8::7]", "xn--podpis-4db.pl", "a%41b", "under_score~tilde", "host:", ":80", "[v1.fe]"})
    void aHostAndOptionalPortIsAccepted(String value) {
        assertThat(HostHeader.isValid(value)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"a b", "evil.example/path", "user@sign.example.com", "sign.example.com:80x", "a:b:80",
        "[::1", "::1]", "[]", "a[b]", "%4", "a%zz", "[::1%25eth0]", "sign.example.com\t", "host\"quoted\"", "a\\b", "a{b}"})
    void anythingElseIsRefused(String value) {
        assertThat(HostHeader.isValid(value)).isFalse();
    }
}
