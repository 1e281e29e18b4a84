package io.sigillum.gateway.csc;

import io.sigillum.gateway.web.ApiException;
import org.springframework.http.HttpStatus;

/** The CSC API's error texts, in one place. */
final class CscErrors {

    private CscErrors() {
    }

    static ApiException invalidRequest(String description) {
        return new ApiException(HttpStatus.BAD_REQUEST, "invalid_request", description);
    }

    static ApiException missingString(String parameter) {
        return invalidRequest("Missing (or invalid type) string parameter " + parameter);
    }

    static ApiException invalidParameter(String parameter) {
        return invalidRequest("Invalid parameter " + parameter);
    }

    static ApiException unknownCredential() {
        return invalidParameter("credentialID");
    }

    static ApiException disabled() {
        return invalidRequest("The credential identified by credentialID is disabled");
    }

    static ApiException locked() {
        return invalidRequest("Credential locked");
    }

    static ApiException invalidOtp(String description) {
        return new ApiException(HttpStatus.BAD_REQUEST, "invalid_otp", description);
    }
}
