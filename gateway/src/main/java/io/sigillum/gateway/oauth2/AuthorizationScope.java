package io.sigillum.gateway.oauth2;

import java.util.Locale;

/** The two CSC scopes an authorization request may ask for. */
enum AuthorizationScope {
    /** Calls to the service methods on behalf of a user who signed in with their account. */
    SERVICE,
    /** One use of a credential over the listed hashes, approved by the holder with PIN and SMS code. */
    CREDENTIAL;

    String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
