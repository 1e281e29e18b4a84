package io.sigillum.gateway.issuance.application;

import io.sigillum.gateway.web.ApiException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.http.HttpStatus;

/** The refusals of the wizard and of later stages, each worded once. */
final class ApplicationErrors {

    private ApplicationErrors() {
    }

    /** Throws 400 with all field errors, if there are any. */
    static void reject(List<FieldError> errors) {
        if (!errors.isEmpty()) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "invalid_request", "Request validation failed",
                    Map.of("errors", errors), Optional.empty());
        }
    }

    static ApiException incomplete(String section) {
        return new ApiException(HttpStatus.BAD_REQUEST, "application_incomplete", "Fill in " + section + " first",
                Map.of("errors", List.of(new FieldError(section, "Required", "not filled in yet"))), Optional.empty());
    }

    static ApiException illegal(ApplicationTransition transition, ApplicationState current) {
        return ApiException.conflict("illegal_transition",
                transition + " is not possible from " + current, Map.of("currentState", current.name(),
                        "transition", transition.name()));
    }

    static ApiException notFound() {
        return ApiException.notFound("No such application");
    }
}
