package io.sigillum.gateway.csc.wire;

import io.sigillum.gateway.web.ApiException;
import org.springframework.http.HttpStatus;

/** The CSC API's error texts, in one place. */
public final class CscErrors {

    private CscErrors() {
    }

    public static ApiException invalidRequest(String description) {
        return new ApiException(HttpStatus.BAD_REQUEST, "invalid_request", description);
    }

    public static ApiException missingString(String parameter) {
        return invalidRequest("Missing (or invalid type) string parameter " + parameter);
    }

    public static ApiException invalidParameter(String parameter) {
        return invalidRequest("Invalid parameter " + parameter);
    }

    public static ApiException unknownCredential() {
        return invalidParameter("credentialID");
    }

    public static ApiException disabled() {
        return invalidRequest("The credential identified by credentialID is disabled");
    }

    public static ApiException locked() {
        return invalidRequest("Credential locked");
    }

    /** A value over a configured size limit (413). */
    public static ApiException tooLarge(String description) {
        return new ApiException(HttpStatus.CONTENT_TOO_LARGE, "request_too_large", description);
    }

    public static ApiException invalidOtp(String description) {
        return new ApiException(HttpStatus.BAD_REQUEST, "invalid_otp", description);
    }
}
