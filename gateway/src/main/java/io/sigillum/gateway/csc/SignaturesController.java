package io.sigillum.gateway.csc;

import io.sigillum.gateway.auth.PlatformPrincipal;
import io.sigillum.gateway.csc.HashSigning.SignRequest;
import io.sigillum.signer.InvalidInputException;
import io.sigillum.signer.algorithm.SignatureScheme;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
    Mono<Map<String, List<String>>> signHash(@io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(mediaType = "application/json",
            examples = @ExampleObject(value = CscExamples.SIGN_HASH))) @RequestBody JsonNode body, ServerWebExchange exchange) {
        SignRequest request = signRequest(new CscRequest(body));
        return signing.sign(PlatformPrincipal.of(exchange), request).map(signatures -> Map.of("signatures", signatures));
    }

    private SignRequest signRequest(CscRequest request) {
        String credentialId = request.requiredString("credentialID");
        String sad = request.requiredString("SAD");
        List<String> hashes = request.stringArray("hashes");
        if (hashes.isEmpty()) {
            throw CscErrors.invalidRequest("Empty hash array");
        }
        if (hashes.size() > properties.maxHashes()) {
            throw CscErrors.invalidRequest("Too many hashes: at most " + properties.maxHashes() + " per call");
        }
        request.optionalString("operationMode").filter(mode -> !mode.equals("S"))
                .ifPresent(mode -> { throw CscErrors.invalidRequest("Only synchronous operationMode S is supported"); });
        String signAlgo = request.requiredString("signAlgo");
        Optional<byte[]> params = request.optionalString("signAlgoParams").map(SignaturesController::base64Params);
        SignatureScheme scheme;
        try {
            scheme = SignatureScheme.resolve(signAlgo, request.optionalString("hashAlgorithmOID"), params);
        } catch (InvalidInputException e) {
            throw CscErrors.invalidRequest("Invalid parameter signAlgo/hashAlgorithmOID: " + e.getMessage());
        }
        var digests = CscRequest.decodeHashes(hashes, scheme.digest().digestLength());
        return new SignRequest(credentialId, sad, scheme, digests, CscRequest.canonical(digests));
    }

    private static byte[] base64Params(String value) {
        try {
            return Base64.getDecoder().decode(value);
        } catch (IllegalArgumentException e) {
            throw CscErrors.invalidRequest("Invalid Base64 signAlgoParams");
        }
    }
}
