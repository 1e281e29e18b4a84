package io.sigillum.gateway.tsa;

import io.sigillum.gateway.auth.PlatformPrincipal;
import io.sigillum.gateway.csc.wire.CscRequest;
import io.sigillum.gateway.csc.wire.TimestampRequest;
import io.sigillum.gateway.csc.wire.TimestampResponse;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.Base64;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.jspecify.annotations.Nullable;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/** The timestamp authority over HTTP: RFC 3161 at {@code /tsa} and the CSC {@code signatures/timestamp} method. */
@RestController
@Tag(name = "Timestamp authority")
class TimestampController {

    static final String QUERY = "application/timestamp-query";
    static final String REPLY = "application/timestamp-reply";
    private static final MediaType REPLY_TYPE = MediaType.parseMediaType(REPLY);

    private final TimestampAuthority authority;

    TimestampController(TimestampAuthority authority) {
        this.authority = authority;
    }

    @Operation(summary = "RFC 3161 over HTTP: a DER TimeStampReq in, a DER TimeStampResp out (failures as PKIStatus)",
            responses = @ApiResponse(responseCode = "200",
                    description = "The TimeStampResp, also for a refused query (its PKIStatus says why)",
                    content = @Content(mediaType = REPLY,
                            schema = @Schema(type = "string", format = "binary"))))
    @PostMapping(path = "/tsa", consumes = QUERY)
    Mono<ResponseEntity<byte[]>> tsa(@RequestBody(required = false) byte @Nullable [] request) {
        // an empty query is a malformed one: RFC 3161 answers it with a rejection, as it does any other bad DER; the
        // reply is a timestamp-reply whatever the client's Accept says (RFC 9110 §12.5.1 lets a server disregard it),
        // as clients name it variously (application/timestamp-response, application/timestamp-reply)
        return authority.reply(request == null ? new byte[0] : request)
                .map(reply -> ResponseEntity.ok().contentType(REPLY_TYPE).body(reply));
    }

    @Operation(summary = "CSC signatures/timestamp: an RFC 3161 token over the hash, Base64")
    @PostMapping(path = "/csc/v2/signatures/timestamp", consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    Mono<TimestampResponse> timestamp(@RequestBody JsonNode body, ServerWebExchange exchange) {
        PlatformPrincipal.of(exchange); // authenticated at the edge; asked again here, as every CSC method asks
        TimestampRequest request = TimestampRequest.read(new CscRequest(body));
        return authority.token(new ASN1ObjectIdentifier(request.hashAlgorithm().oid()), request.hash(), request.nonce())
                .map(token -> new TimestampResponse(Base64.getEncoder().encodeToString(token)));
    }
}
