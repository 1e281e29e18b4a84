package io.sigillum.gateway.web;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import java.util.HexFormat;

/** The syntax of a Host header's value (RFC 9112 §3.2): a server must refuse a request whose Host is not a host. */
final class HostHeader {

    /** Characters of a host name besides letters and digits (RFC 3986's unreserved and sub-delims) and of an IP literal. */
    private static final String HOST_CHARACTERS = "-._~!$&'()*+,;=";

    private HostHeader() {
    }

    /**
     * Whether {@code value} is a Host header's value: empty, or RFC 3986's {@code host [ ":" port ]} — a registered name
     * or IPv4 address (unreserved characters, sub-delimiters and percent-escapes), or an IP literal in brackets — with no
     * user information, path or white space.
     */
    static boolean isValid(String value) {
        int end = value.length();
        int colon = value.lastIndexOf(':');
        if (colon >= 0 && colon > value.lastIndexOf(']')) {
            for (int i = colon + 1; i < end; i++) {
                if (value.charAt(i) < '0' || value.charAt(i) > '9') {
                    return false;
                }
            }
            end = colon;
        }
        boolean literal = end > 0 && value.charAt(0) == '[';
        if (literal && (end < 3 || value.charAt(end - 1) != ']')) {
            return false;
        }
        for (int i = literal ? 1 : 0; i < (literal ? end - 1 : end); i++) {
            char c = value.charAt(i);
            boolean plain = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || HOST_CHARACTERS.indexOf(c) >= 0;
            if (c == ':' ? !literal : c == '%' ? literal || !isEscape(value, i, end) : !plain) {
                return false;
            }
        }
        return true;
    }

    /**
     * Takes an empty port off a valid Host ({@code host:}, RFC 3986 §3.2.3: the scheme's default port, normalised away):
     * the server reads the port as a number, and an empty one failed the request with a bare 400.
     */
    static void dropEmptyPort(HttpHeaders headers) {
        String host = headers.get(HttpHeaderNames.HOST);
        if (host != null && host.endsWith(":")) {
            headers.set(HttpHeaderNames.HOST, host.substring(0, host.length() - 1));
        }
    }

    private static boolean isEscape(String value, int at, int end) {
        return at + 2 < end && HexFormat.isHexDigit(value.charAt(at + 1)) && HexFormat.isHexDigit(value.charAt(at + 2));
    }
}
