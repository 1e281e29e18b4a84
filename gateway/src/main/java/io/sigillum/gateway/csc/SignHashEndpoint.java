package io.sigillum.gateway.csc;

import io.sigillum.gateway.csc.wire.SignHashResponse;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import org.springdoc.core.annotations.RouterOperation;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.reactive.function.server.RequestPredicates;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * The route of the CSC {@code signatures/signHash} method, the hot path: a functional endpoint, so that a signing
 * request skips the annotated controllers' per-call machinery (handler-method look-up among every mapping, argument
 * resolvers, annotation scans for validation hints, result handlers); {@link SignHashHandler} does the rest.
 */
@Configuration(proxyBeanMethods = false)
class SignHashEndpoint {

    static final String PATH = "/csc/v2/signatures/signHash";

    @Bean
    @RouterOperation(path = PATH, method = RequestMethod.POST, consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE, beanClass = SignHashHandler.class, beanMethod = "handle",
            operation = @Operation(operationId = "signHash", tags = "CSC API v2",
                    summary = "Sign pre-computed hashes with a SAD; signatures in input order (Base64)",
                    requestBody = @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
                            examples = @ExampleObject(value = CscExamples.SIGN_HASH))),
                    responses = @ApiResponse(responseCode = "200", content = @Content(
                            mediaType = MediaType.APPLICATION_JSON_VALUE,
                            schema = @Schema(implementation = SignHashResponse.class)))))
    RouterFunction<ServerResponse> signHashRoute(SignHashHandler handler) {
        return RouterFunctions.route(RequestPredicates.path(PATH), handler);
    }
}
