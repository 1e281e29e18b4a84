package io.sigillum.gateway.web;

import io.sigillum.signer.InvalidInputException;
import io.sigillum.signer.PoolSaturatedException;
import io.sigillum.signer.TokenUnavailableException;
import io.sigillum.signer.UnknownKeyException;
import io.r2dbc.spi.R2dbcException;
import java.net.ConnectException;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import org.slf4j.LoggerFactory;
import org.springframework.beans.TypeMismatchException;
import org.springframework.core.MethodParameter;
import org.springframework.core.codec.DecodingException;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.util.InvalidMimeTypeException;
import org.springframework.util.unit.DataSize;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.support.WebExchangeBindException;
import org.springframework.web.reactive.resource.NoResourceFoundException;
import org.springframework.web.server.ContentTooLargeException;
import org.springframework.web.server.MethodNotAllowedException;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerErrorException;
import org.springframework.web.server.ServerWebInputException;
import org.springframework.web.server.UnsupportedMediaTypeStatusException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.exc.MismatchedInputException;

/** Decides what any failure means to the caller: one place that knows every exception type the gateway can meet. */
public final class ErrorClassifier {

    private static final Duration BUSY_RETRY_AFTER = Duration.ofSeconds(1);
    private static final Duration OUTAGE_RETRY_AFTER = Duration.ofSeconds(5);

    private final DataSize maxBodySize;

    ErrorClassifier(DataSize maxBodySize) {
        this.maxBodySize = maxBodySize;
    }

    ApiException classify(Throwable failure) {
        if (failure instanceof ApiException api) {
            return api;
        }
        if (causedBy(failure, DataBufferLimitException.class) || failure instanceof ContentTooLargeException) {
            return new ApiException(HttpStatus.CONTENT_TOO_LARGE, "request_too_large",
                    "Request body exceeds the limit of " + maxBodySize.toBytes() + " bytes");
        }
        if (failure instanceof WebExchangeBindException bind) {
            List<Map<String, String>> errors = bind.getFieldErrors().stream()
                    .map(e -> Map.of("field", e.getField(), "code", String.valueOf(e.getCode()),
                            "message", String.valueOf(e.getDefaultMessage())))
                    .toList();
            return new ApiException(HttpStatus.BAD_REQUEST, "invalid_request", "Request validation failed",
                    Map.of("errors", errors), Optional.empty());
        }
        Optional<RejectedInputException> rejected = cause(failure, RejectedInputException.class);
        if (rejected.isPresent()) {
            return ApiException.badRequest(rejected.get().getMessage());
        }
        if (failure instanceof ServerWebInputException && causedBy(failure, DecodingException.class)) {
            return cause(failure, StreamReadException.class)
                    .filter(read -> read.getOriginalMessage().startsWith("Duplicate "))
                    .map(read -> ApiException.badRequest("Malformed JSON request body: " + read.getOriginalMessage()
                            + " (a key may appear only once)"))
                    .or(() -> cause(failure, MismatchedInputException.class).flatMap(JsonTypeMismatch::describe)
                            .map(ApiException::badRequest))
                    .orElseGet(() -> ApiException.badRequest("Malformed JSON request body, or a field of the wrong type"));
        }
        if (failure instanceof ServerWebInputException input && input.getCause() instanceof TypeMismatchException
                && input.getMethodParameter() != null) {
            MethodParameter parameter = input.getMethodParameter().nestedIfOptional();
            return ApiException.badRequest("Parameter " + parameter.getParameterName() + " must be "
                    + JsonTypeMismatch.expected(parameter.getNestedParameterType()));
        }
        if (failure instanceof UnsupportedMediaTypeStatusException media) {
            return new ApiException(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type",
                    (media.getContentType() == null ? "The Content-Type header is missing or not a valid media type"
                            : "Content type " + media.getContentType() + " is not supported")
                            + "; send " + media.getSupportedMediaTypes());
        }
        if (failure instanceof InvalidMediaTypeException invalid) {
            // thrown wherever a request's Content-Type is read (a charset the JDK does not know, say): the client's header
            return new ApiException(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type",
                    "The Content-Type header is not a valid media type: " + invalid.getMessage());
        }
        if (failure instanceof InvalidMimeTypeException invalid) {
            // any other media type header Spring could not read (its parsers' own limits): the client's header too
            return ApiException.badRequest("A media type header of the request is not valid: " + invalid.getMessage()
                    .substring(0, Math.min(200, invalid.getMessage().length())));
        }
        if (failure instanceof MethodNotAllowedException method) {
            return new ApiException(HttpStatus.METHOD_NOT_ALLOWED, "method_not_allowed",
                    "Method " + method.getHttpMethod() + " is not allowed here; allowed: " + allowed(method));
        }
        if (failure instanceof NoResourceFoundException) {
            return ApiException.notFound("No such endpoint");
        }
        if (failure instanceof ServerErrorException missing && missing.getMethodParameter() != null
                && missing.getMethodParameter().hasParameterAnnotation(PathVariable.class)) {
            // a path segment that converts to nothing (a blank id): the client's doing, though Spring calls it a 500
            return ApiException.badRequest("The path segment " + missing.getReason() + " is empty or blank");
        }
        if (failure instanceof ResponseStatusException status) {
            HttpStatus resolved = HttpStatus.resolve(status.getStatusCode().value());
            HttpStatus code = resolved == null ? HttpStatus.INTERNAL_SERVER_ERROR : resolved;
            String reason = status.getReason() == null ? code.getReasonPhrase() : status.getReason();
            return new ApiException(code, switch (code) {
                case NOT_FOUND -> "not_found";
                case NOT_ACCEPTABLE -> "not_acceptable";
                case UNSUPPORTED_MEDIA_TYPE -> "unsupported_media_type";
                default -> "invalid_request";
            }, reason);
        }
        return classifySigningAndStores(failure);
    }

    private ApiException classifySigningAndStores(Throwable failure) {
        if (failure instanceof PoolSaturatedException) {
            return ApiException.unavailable("The signing service is busy; retry shortly", BUSY_RETRY_AFTER);
        }
        if (failure instanceof TokenUnavailableException) {
            return ApiException.unavailable("The signing token is unavailable", OUTAGE_RETRY_AFTER);
        }
        if (failure instanceof UnknownKeyException) {
            // a key's alias comes from the gateway's own records, never from a client: a key the token does not hold
            // is the token's fault (gone, or not the one configured), and its name stays in the log and the audit
            LoggerFactory.getLogger(ErrorClassifier.class).warn("A signing key is missing from the token: {}", failure.getMessage());
            return ApiException.unavailable("A signing key is not available in the token", OUTAGE_RETRY_AFTER);
        }
        if (failure instanceof InvalidInputException) {
            return ApiException.badRequest(failure.getMessage());
        }
        if (isRefusedValue(failure)) {
            return ApiException.badRequest("A value in the request cannot be stored (invalid characters or too long)");
        }
        if (isStoreOutage(failure)) {
            return ApiException.unavailable("A backing store (PostgreSQL or Redis) is unavailable", OUTAGE_RETRY_AFTER);
        }
        return new ApiException(HttpStatus.INTERNAL_SERVER_ERROR, "server_error", "Internal server error");
    }

    /** Whether {@code failure}, or one of its causes, is PostgreSQL or Redis not answering (or shutting down). */
    public static boolean isStoreOutage(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            String type = t.getClass().getName();
            if (t instanceof DataAccessResourceFailureException || t instanceof TransientDataAccessException
                    || t instanceof TimeoutException || t instanceof ConnectException
                    || type.startsWith("io.r2dbc.spi.R2dbcNonTransientResource") || type.startsWith("io.r2dbc.spi.R2dbcTransient")
                    || type.startsWith("io.lettuce.core.RedisConnectionException")
                    || type.startsWith("io.lettuce.core.RedisCommandTimeoutException")
                    || type.startsWith("io.netty.channel.ConnectTimeoutException")
                    || type.startsWith("io.netty.channel.AbstractChannel$AnnotatedConnectException")
                    || type.equals("reactor.pool.PoolShutdownException") || isStoppedRedisFactory(t)) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }

    /** Spring Data Redis' connection factory refusing a connection while it stops or after: the gateway is shutting down. */
    private static boolean isStoppedRedisFactory(Throwable t) {
        return t instanceof IllegalStateException && t.getMessage() != null
                && t.getMessage().startsWith("LettuceConnectionFactory is ST");
    }

    /**
     * PostgreSQL refused a value itself (SQLSTATE class 22 "data exception", or 54000 "program limit exceeded" for an
     * over-long indexed value): a safety net behind {@link InputRules}, so such a value is a 400, never a 500 or 503.
     */
    private static boolean isRefusedValue(Throwable failure) {
        return cause(failure, R2dbcException.class).map(R2dbcException::getSqlState)
                .filter(state -> state != null && (state.startsWith("22") || state.equals("54000")))
                .isPresent();
    }

    private static boolean causedBy(Throwable failure, Class<? extends Throwable> type) {
        return cause(failure, type).isPresent();
    }

    private static <T extends Throwable> Optional<T> cause(Throwable failure, Class<T> type) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return Optional.of(type.cast(t));
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return Optional.empty();
    }

    /**
     * The methods a path answers, as its {@code Allow} header says: the mapped ones, HEAD wherever GET is (the server
     * answers it from the GET handler), and OPTIONS, which every path answers.
     */
    static Set<HttpMethod> allowed(MethodNotAllowedException refused) {
        Set<HttpMethod> allowed = new LinkedHashSet<>(refused.getSupportedMethods());
        if (allowed.contains(HttpMethod.GET)) {
            allowed.add(HttpMethod.HEAD);
        }
        allowed.add(HttpMethod.OPTIONS);
        return allowed;
    }
}
