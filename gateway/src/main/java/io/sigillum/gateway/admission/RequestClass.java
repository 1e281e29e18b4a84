package io.sigillum.gateway.admission;

/** The classes of requests that are admitted separately, so a flood of one cannot starve the others. */
public enum RequestClass {
    /** CSC {@code signatures/*}: spends SADs and signs. */
    SIGNING,
    /** CSC {@code signatures/signDoc}: spends SADs and builds whole signed documents. */
    DOCUMENT,
    /** CSC credential authorization (SMS codes, PIN checks, SADs) and the OAuth2 endpoints (secret hashing). */
    AUTHORIZATION,
    /** The issuance API ({@code /api/v1/**}): wizard, panels, webhooks. */
    ISSUANCE,
    /** Everything else that is admitted (CSC info and lookups, documents). */
    OTHER;

    /** The class of a request path; health and metrics probes are never shed and have none. */
    static java.util.Optional<RequestClass> of(String path) {
        if (path.startsWith("/actuator/")) {
            return java.util.Optional.empty();
        }
        if (path.equals("/csc/v2/signatures/signDoc")) {
            return java.util.Optional.of(DOCUMENT);
        }
        if (path.startsWith("/csc/v2/signatures/")) {
            return java.util.Optional.of(SIGNING);
        }
        if (path.startsWith("/oauth2/") || path.equals("/csc/v2/credentials/authorize")
                || path.equals("/csc/v2/credentials/getChallenge") || path.equals("/csc/v2/credentials/sendOTP")
                || path.equals("/csc/v2/credentials/extendTransaction")) {
            return java.util.Optional.of(AUTHORIZATION);
        }
        if (path.startsWith("/api/")) {
            return java.util.Optional.of(ISSUANCE);
        }
        return java.util.Optional.of(OTHER);
    }
}
