package io.sigillum.gateway.csc;

import java.util.List;

/**
 * The CSC methods this service implements, as {@code info} lists them: add a method here when its endpoint exists.
 * (v1's {@code credentials/sendOTP} still answers, as the same call as {@code getChallenge}, but a v2 {@code info} does
 * not offer v1 names.)
 */
public final class CscMethods {

    /** Every implemented method, by its CSC name. */
    public static final List<String> IMPLEMENTED = List.of(
            "auth/revoke", "credentials/list", "credentials/info", "credentials/getChallenge",
            "credentials/authorize", "credentials/extendTransaction",
            "signatures/signHash", "signatures/signDoc", "signatures/timestamp",
            "oauth2/authorize", "oauth2/pushed_authorize", "oauth2/token", "oauth2/revoke");

    private CscMethods() {
    }
}
