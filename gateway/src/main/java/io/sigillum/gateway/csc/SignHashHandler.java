package io.sigillum.gateway.csc;

import io.sigillum.gateway.auth.PlatformPrincipal;
import io.sigillum.gateway.csc.wire.CscErrors;
import io.sigillum.gateway.csc.wire.CscRequest;
import io.sigillum.gateway.csc.wire.SignHashRequest;
import io.sigillum.gateway.csc.wire.SignHashResponse;
import io.sigillum.gateway.web.HttpLimitsProperties;
import java.util.List;
import java.util.Set;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpMethod;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.server.HandlerFunction;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.server.MethodNotAllowedException;
import org.springframework.web.server.NotAcceptableStatusException;
import org.springframework.web.server.UnsupportedMediaTypeStatusException;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code signatures/signHash} over HTTP: the body read with the application's JSON rules (one key once, no NUL) under
 * the body limit, the request checked field by field ({@link SignHashRequest}), the hashes signed by {@link HashSigning},
 * the answer written as one buffer. A wrong method, content type or {@code Accept} header fails as it would on an
 * annotated controller (405, 415, 406; {@code OPTIONS} names the methods), and every failure becomes the CSC error JSON at
 * the edge. The route's handler itself, named by a constant: WebFlux describes the handler of every request in a
 * checkpoint, with {@code toString}.
 */
@Component
class SignHashHandler implements HandlerFunction<ServerResponse> {

    private static final List<MediaType> JSON_ONLY = List.of(MediaType.APPLICATION_JSON);

    private final HashSigning signing;
    private final JsonMapper json;
    private final int maxHashes;
    private final int maxBodyBytes;

    SignHashHandler(HashSigning signing, JsonMapper json, CscProperties properties, HttpLimitsProperties limits) {
        this.signing = signing;
        this.json = json;
        this.maxHashes = properties.maxHashes();
        this.maxBodyBytes = Math.toIntExact(limits.maxBodySize().toBytes());
    }

    @Override
    public Mono<ServerResponse> handle(ServerRequest request) {
        if (HttpMethod.OPTIONS.equals(request.method())) {
            return ServerResponse.ok().allow(HttpMethod.POST, HttpMethod.OPTIONS).build();
        }
        return Mono.fromRunnable(() -> checkMethodAndMediaTypes(request))
                .then(DataBufferUtils.join(request.bodyToFlux(DataBuffer.class), maxBodyBytes))
                .map(this::read)
                .switchIfEmpty(Mono.error(() -> CscErrors.invalidRequest("The request body must be a JSON object")))
                .flatMap(signHash -> signing.sign(PlatformPrincipal.of(request.exchange()), signHash))
                .flatMap(signatures -> {
                    byte[] answer = json.writeValueAsBytes(new SignHashResponse(signatures));
                    return ServerResponse.ok().contentType(MediaType.APPLICATION_JSON)
                            .body((message, context) -> message.writeWith(Mono.fromSupplier(() -> message.bufferFactory().wrap(answer))));
                });
    }

    @Override
    public String toString() {
        return "signHash";
    }

    private SignHashRequest read(DataBuffer body) {
        return SignHashRequest.read(new CscRequest(CscBodies.json(json, body)), maxHashes);
    }

    private static void checkMethodAndMediaTypes(ServerRequest request) {
        if (!HttpMethod.POST.equals(request.method())) {
            throw new MethodNotAllowedException(request.method(), Set.of(HttpMethod.POST));
        }
        MediaType contentType;
        try {
            contentType = request.headers().contentType().orElse(null);
        } catch (InvalidMediaTypeException invalid) {
            throw new UnsupportedMediaTypeStatusException(invalid.getMessage(), JSON_ONLY);
        }
        // as an annotated route's consumes: the body's type named, and JSON itself (no wildcard stands for it)
        if (contentType == null || !MediaType.APPLICATION_JSON.includes(contentType)) {
            throw new UnsupportedMediaTypeStatusException(contentType, JSON_ONLY, HttpMethod.POST);
        }
        List<MediaType> accepted;
        try {
            accepted = request.headers().accept();
        } catch (InvalidMediaTypeException invalid) {
            throw new NotAcceptableStatusException("Could not parse the Accept header: " + invalid.getMessage());
        }
        if (!accepted.isEmpty() && accepted.stream().noneMatch(MediaType.APPLICATION_JSON::isCompatibleWith)) {
            throw new NotAcceptableStatusException(JSON_ONLY);
        }
    }
}
