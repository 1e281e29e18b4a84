package io.sigillum.gateway.web;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.http.HttpStatus;

/**
 * A failure with a known HTTP meaning, thrown anywhere in the gateway and rendered once, at the edge: as CSC error JSON
 * under {@code /csc/v2/**} ({@code code} becomes {@code error}, the message {@code error_description}) and as RFC 9457
 * problem+json elsewhere. Messages must never carry secrets.
 */
public class ApiException extends RuntimeException {

    private final HttpStatus status;
    private final String code;
    private final Map<String, Object> properties;
    private final Optional<Duration> retryAfter;

    public ApiException(HttpStatus status, String code, String detail) {
        this(status, code, detail, Map.of(), Optional.empty());
    }

    public ApiException(HttpStatus status, String code, String detail, Map<String, Object> properties,
            Optional<Duration> retryAfter) {
        super(detail, null, false, false);
        this.status = status;
        this.code = code;
        this.properties = Map.copyOf(properties);
        this.retryAfter = retryAfter;
    }

    public static ApiException badRequest(String detail) {
        return new ApiException(HttpStatus.BAD_REQUEST, "invalid_request", detail);
    }

    /** 400 for one field's value, as the validation of a whole body reports each: {@code errors[{field, code, message}]}. */
    public static ApiException invalidField(String field, String code, String message) {
        return new ApiException(HttpStatus.BAD_REQUEST, "invalid_request", message,
                Map.of("errors", List.of(Map.of("field", field, "code", code, "message", message))), Optional.empty());
    }

    public static ApiException notFound(String detail) {
        return new ApiException(HttpStatus.NOT_FOUND, "not_found", detail);
    }

    public static ApiException conflict(String code, String detail, Map<String, Object> properties) {
        return new ApiException(HttpStatus.CONFLICT, code, detail, properties, Optional.empty());
    }

    public static ApiException unavailable(String detail, Duration retryAfter) {
        return new ApiException(HttpStatus.SERVICE_UNAVAILABLE, "temporarily_unavailable", detail, Map.of(),
                Optional.of(retryAfter));
    }

    public static ApiException tooManyRequests(String detail, Duration retryAfter) {
        return new ApiException(HttpStatus.TOO_MANY_REQUESTS, "too_many_requests", detail, Map.of(),
                Optional.of(retryAfter));
    }

    /**
     * A wait in whole seconds as {@code Retry-After} and messages state it: rounded up, at least 1, so a client told to
     * come back never comes back too early (a 400 ms wait is "1 s", never "0").
     */
    public static long retrySeconds(Duration wait) {
        long millis = Math.max(0, wait.toMillis());
        return Math.max(1, (millis + 999) / 1000);
    }

    public HttpStatus status() {
        return status;
    }

    public String code() {
        return code;
    }

    public Map<String, Object> properties() {
        return properties;
    }

    public Optional<Duration> retryAfter() {
        return retryAfter;
    }
}
