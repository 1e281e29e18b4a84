package io.sigillum.gateway.oauth2;

import java.util.Optional;

/**
 * An authorization request that cannot go on. With a trusted redirect URI the answer goes back to the client there
 * (RFC 6749 §4.1.2.1); without one (unknown client, unregistered redirect URI) the holder sees an error page and
 * nothing is sent anywhere.
 */
final class AuthorizationFailure extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String error;
    private final transient Optional<String> redirectUri;
    private final transient Optional<String> state;

    private AuthorizationFailure(String error, String description, Optional<String> redirectUri, Optional<String> state) {
        super(description, null, false, false);
        this.error = error;
        this.redirectUri = redirectUri;
        this.state = state;
    }

    /** A failure shown on an error page: the redirect URI is not (yet) trusted. */
    static AuthorizationFailure untrusted(String error, String description) {
        return new AuthorizationFailure(error, description, Optional.empty(), Optional.empty());
    }

    /** A failure answered to the client at its registered redirect URI. */
    static AuthorizationFailure redirect(String error, String description, String redirectUri, Optional<String> state) {
        return new AuthorizationFailure(error, description, Optional.of(redirectUri), state);
    }

    String error() {
        return error;
    }

    Optional<String> redirectUri() {
        return redirectUri;
    }

    Optional<String> state() {
        return state;
    }
}
