package io.sigillum.gateway.auth;

/** How a platform's users authorize signatures (CSC {@code auth.mode}); a setting of the platform. */
public enum AuthMode {
    /** The platform collects PIN and SMS code and calls {@code credentials/authorize} for a SAD. */
    EXPLICIT("explicit"),
    /**
     * The user gives PIN and SMS code to the gateway's own authorization page (OAuth2 authorization code flow); the
     * platform only ever sees a code, then a credential token limited to the authorized hashes.
     */
    OAUTH2CODE("oauth2code");

    private final String wireName;

    AuthMode(String wireName) {
        this.wireName = wireName;
    }

    /** The CSC name, as in {@code credentials/info} and in the database. */
    public String wireName() {
        return wireName;
    }

    static AuthMode of(String wireName) {
        for (AuthMode mode : values()) {
            if (mode.wireName.equals(wireName)) {
                return mode;
            }
        }
        throw new IllegalArgumentException("Unknown auth mode");
    }
}
