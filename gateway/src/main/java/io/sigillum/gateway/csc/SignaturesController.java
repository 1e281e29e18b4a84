package io.sigillum.gateway.csc;

import io.sigillum.gateway.auth.PlatformPrincipal;
import io.sigillum.gateway.csc.wire.CscRequest;
import io.sigillum.gateway.csc.wire.SignHashRequest;
import io.sigillum.gateway.csc.wire.SignHashResponse;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/** The CSC {@code signatures/signHash} method. */
@RestController
@Tag(name = "CSC API v2")
class SignaturesController {

    private final HashSigning signing;
    private final CscProperties properties;

    SignaturesController(HashSigning signing, CscProperties properties) {
        this.signing = signing;
        this.properties = properties;
    }

    @Operation(summary = "Sign pre-computed hashes with a SAD; signatures in input order (Base64)")
    @PostMapping(path = "/csc/v2/signatures/signHash", consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    Mono<SignHashResponse> signHash(
            @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(mediaType = "application/json",
                    examples = @ExampleObject(value = CscExamples.SIGN_HASH))) @RequestBody JsonNode body, ServerWebExchange exchange) {
        SignHashRequest request = SignHashRequest.read(new CscRequest(body), properties.maxHashes());
        return signing.sign(PlatformPrincipal.of(exchange), request).map(SignHashResponse::new);
    }
}
