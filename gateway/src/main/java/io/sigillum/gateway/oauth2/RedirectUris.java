package io.sigillum.gateway.oauth2;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Whether a redirect URI is one a platform registered: exact string comparison (RFC 9700 §4.1.3), except that a
 * registered loopback URI ({@code http://127.0.0.1} or {@code http://[::1]}) matches the same URI on any port, because
 * a native client gets its port from the operating system when it starts (RFC 8252 §7.3).
 */
final class RedirectUris {

    private static final int MAX_PORT = 65_535;

    private RedirectUris() {
    }

    static boolean registered(List<String> registered, String requested) {
        if (registered.contains(requested)) {
            return true;
        }
        URI uri = parse(requested);
        if (uri == null || !isLoopback(uri)) {
            return false;
        }
        return registered.stream().map(RedirectUris::parse).filter(Objects::nonNull).filter(RedirectUris::isLoopback)
                .anyMatch(candidate -> candidate.getHost().equals(uri.getHost())
                        && Objects.equals(candidate.getRawPath(), uri.getRawPath())
                        && Objects.equals(candidate.getRawQuery(), uri.getRawQuery()));
    }

    /** A loopback URI a browser can be sent to: no user info or fragment, and a port it can connect to, if any. */
    private static boolean isLoopback(URI uri) {
        return "http".equals(uri.getScheme()) && uri.getRawUserInfo() == null && uri.getRawFragment() == null
                && ("127.0.0.1".equals(uri.getHost()) || "[::1]".equals(uri.getHost()))
                && (uri.getPort() == -1 || uri.getPort() >= 1 && uri.getPort() <= MAX_PORT);
    }

    private static @Nullable URI parse(String value) {
        try {
            return new URI(value);
        } catch (URISyntaxException e) {
            return null;
        }
    }
}
