package io.sigillum.gateway.web;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;

/**
 * How a trusted proxy says the client reached it: RFC 7239 {@code Forwarded} (its first element, the one the proxy
 * nearest the client wrote) or {@code X-Forwarded-Proto|Host|Port}, and {@code X-Forwarded-Prefix}. Values that are not
 * a plain scheme, host, port or path are refused as a whole, so even a proxy that passes a client's header through
 * cannot put a URL of the client's choosing into what the gateway hands out.
 *
 * @param proto {@code http} or {@code https}, if said
 * @param host the host (lower case, IPv6 in brackets), if said
 * @param port the port, if said (in the host or on its own)
 * @param prefix a path prefix without trailing slash, or empty
 */
record ForwardedHeaders(Optional<String> proto, Optional<String> host, Optional<Integer> port, String prefix) {

    private static final Pattern HOST = Pattern.compile("(\\[[0-9a-f:.]+]|[a-z0-9](?:[a-z0-9.-]*[a-z0-9])?)(?::(\\d{1,5}))?");
    private static final Pattern PORT = Pattern.compile("\\d{1,5}");
    private static final Pattern PREFIX = Pattern.compile("(?:/[A-Za-z0-9._~-]+)+/?");

    /** What the headers say; empty when they say nothing, or anything that is not a plain value. */
    static Optional<ForwardedHeaders> read(HttpHeaders headers) {
        Optional<String> forwarded = first(headers, "Forwarded");
        try {
            String proto;
            String host;
            String port;
            if (forwarded.isPresent()) {
                List<String[]> pairs = pairs(forwarded.get());
                proto = value(pairs, "proto");
                host = value(pairs, "host");
                port = null;
            } else {
                proto = first(headers, "X-Forwarded-Proto").orElse(null);
                host = first(headers, "X-Forwarded-Host").orElse(null);
                port = first(headers, "X-Forwarded-Port").orElse(null);
            }
            String prefix = first(headers, "X-Forwarded-Prefix").orElse(null);
            if (proto == null && host == null && port == null && prefix == null) {
                return Optional.empty();
            }
            return Optional.of(parse(proto, host, port, prefix));
        } catch (IllegalArgumentException refused) {
            return Optional.empty();
        }
    }

    private static ForwardedHeaders parse(@Nullable String proto, @Nullable String host, @Nullable String port,
            @Nullable String prefix) {
        Optional<String> scheme = Optional.ofNullable(proto).map(p -> p.toLowerCase(Locale.ROOT));
        if (scheme.isPresent() && !scheme.get().equals("http") && !scheme.get().equals("https")) {
            throw new IllegalArgumentException("proto");
        }
        Optional<String> hostName = Optional.empty();
        Optional<Integer> portNumber = Optional.empty();
        if (host != null) {
            Matcher matcher = HOST.matcher(host.toLowerCase(Locale.ROOT));
            if (!matcher.matches()) {
                throw new IllegalArgumentException("host");
            }
            hostName = Optional.of(matcher.group(1));
            portNumber = Optional.ofNullable(matcher.group(2)).map(ForwardedHeaders::port);
        }
        if (port != null) {
            if (!PORT.matcher(port).matches()) {
                throw new IllegalArgumentException("port");
            }
            portNumber = Optional.of(port(port));
        }
        if (prefix != null && (!PREFIX.matcher(prefix).matches() || prefix.matches(".*/\\.{1,2}(/.*)?"))) {
            throw new IllegalArgumentException("prefix");
        }
        String path = prefix == null ? "" : prefix.endsWith("/") ? prefix.substring(0, prefix.length() - 1) : prefix;
        return new ForwardedHeaders(scheme, hostName, portNumber, path);
    }

    private static int port(String digits) {
        int port = Integer.parseInt(digits);
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port");
        }
        return port;
    }

    /** The first value of a header that may be repeated or comma-separated. */
    private static Optional<String> first(HttpHeaders headers, String name) {
        String value = headers.getFirst(name);
        if (value == null) {
            return Optional.empty();
        }
        String first = name.equals("Forwarded") ? firstElement(value) : value.split(",", 2)[0];
        return Optional.of(first.strip()).filter(text -> !text.isEmpty());
    }

    /** The RFC 7239 element before the first comma outside a quoted string. */
    private static String firstElement(String value) {
        boolean quoted = false;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '"' && (i == 0 || value.charAt(i - 1) != '\\')) {
                quoted = !quoted;
            } else if (c == ',' && !quoted) {
                return value.substring(0, i);
            }
        }
        return value;
    }

    /** {@code name=value} pairs separated by semicolons; values may be RFC 7230 quoted strings. */
    private static List<String[]> pairs(String element) {
        List<String[]> pairs = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < element.length(); i++) {
            char c = element.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (c == '\\' && quoted && i + 1 < element.length()) {
                current.append(element.charAt(++i));
            } else if (c == ';' && !quoted) {
                pairs.add(pair(current.toString()));
                current.setLength(0);
            } else {
                current.append(c);
            }
        }
        if (quoted) {
            throw new IllegalArgumentException("unterminated quoted string");
        }
        pairs.add(pair(current.toString()));
        return pairs;
    }

    private static String[] pair(String text) {
        int equals = text.indexOf('=');
        if (equals < 1) {
            throw new IllegalArgumentException("not a pair");
        }
        return new String[] {text.substring(0, equals).strip().toLowerCase(Locale.ROOT), text.substring(equals + 1).strip()};
    }

    private static @Nullable String value(List<String[]> pairs, String name) {
        List<String> values = pairs.stream().filter(pair -> pair[0].equals(name)).map(pair -> pair[1]).toList();
        if (values.size() > 1) {
            throw new IllegalArgumentException("repeated " + name);
        }
        return values.isEmpty() ? null : values.getFirst();
    }
}
