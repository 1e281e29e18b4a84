package io.sigillum.gateway.signdoc;

import io.sigillum.gateway.auth.PlatformPrincipal;
import io.sigillum.gateway.csc.CscProperties;
import io.sigillum.gateway.csc.wire.CscRequest;
import io.sigillum.gateway.csc.wire.SignDocRequest;
import io.sigillum.gateway.csc.wire.SignDocResponse;
import io.sigillum.gateway.web.ApiException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/** The CSC {@code signatures/signDoc} method. */
@RestController
@Tag(name = "CSC API v2")
class SignDocController {

    static final String EXAMPLE = """
            {"credentialID": "b864327a-46f2-4a05-9a14-80391dedda83", "SAD": "JHq0gT6J3QsuwxQWeC_lntCsOm1YrlV9K8eYLMz4OjM",
             "hashAlgorithmOID": "2.16.840.1.101.3.4.2.1",
             "documents": [{"document": "JVBERi0xLjcK...", "signature_format": "P", "conformance_level": "AdES-B-T",
                            "signAlgo": "1.2.840.10045.4.3.2", "signed_envelope_property": "Certification"}],
             "returnValidationInfo": true}""";

    private final DocumentSigning signing;
    private final DssWork work;
    private final SignDocRequest.Limits limits;

    SignDocController(DocumentSigning signing, DssWork work, SignDocProperties properties, CscProperties csc) {
        this.signing = signing;
        this.work = work;
        this.limits = new SignDocRequest.Limits(properties.maxDocuments(), properties.maxDocumentSize().toBytes(), csc.maxHashes());
    }

    @Operation(summary = "Sign whole documents (PAdES, CAdES, XAdES, JAdES; AdES-B-B, -B-T, -B-LT or -B-LTA) or document digests "
            + "(detached CAdES, XAdES, JAdES) with a SAD",
            description = "The SAD must have been authorized (credentials/authorize, hashAlgorithmOID) over the digest of "
                    + "each whole document exactly as sent in `documents` (SHA-256 unless the request's `hashAlgorithmOID` "
                    + "says otherwise), or over the `documentDigests` hashes; each document or hash spends one signature. "
                    + "Anything else is refused and nothing is signed. Envelope properties: P Certification (default) or "
                    + "Revision; C and J Attached (default) or Detached; X Enveloped (default), Enveloping or Detached.")
    @PostMapping(path = "/csc/v2/signatures/signDoc", consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    Mono<SignDocResponse> signDoc(
            @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(mediaType = "application/json",
                    examples = @ExampleObject(value = EXAMPLE))) @RequestBody JsonNode body, ServerWebExchange exchange) {
        SignDocRequest request;
        try {
            request = SignDocRequest.read(new CscRequest(body), limits);
        } catch (ApiException e) {
            if (e.status() == HttpStatus.CONTENT_TOO_LARGE) {
                work.countTooLarge();
            }
            throw e;
        }
        return signing.sign(PlatformPrincipal.of(exchange), request);
    }
}
