package io.sigillum.gateway.csc;

import io.sigillum.gateway.csc.wire.CscRequest;
import io.sigillum.gateway.csc.wire.ServiceInfo;
import io.sigillum.gateway.web.HttpLimitsProperties;
import io.sigillum.gateway.web.PublicBaseUrl;
import io.sigillum.signer.algorithm.SignAlgorithm;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.UnsupportedMediaTypeStatusException;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** {@code info}: what this remote signing service is and which CSC methods and algorithms it offers (CSC 2.2.0.0). */
@RestController
@Tag(name = "CSC API v2")
class CscInfoController {

    static final String SPECS = "2.2.0.0";
    static final List<String> AUTH_TYPES = List.of("oauth2code", "oauth2client");

    private static final String DESCRIPTION = "Remote signing with cloud qualified certificates whose keys stay in the HSM";
    private static final List<String> SIGN_ALGORITHMS = Arrays.stream(SignAlgorithm.values()).map(SignAlgorithm::oid).toList();

    private final CscProperties properties;
    private final PublicBaseUrl publicBaseUrl;
    private final ObjectProvider<SupportedFormats> formats;
    private final JsonMapper json;
    private final int maxBodyBytes;

    CscInfoController(CscProperties properties, PublicBaseUrl publicBaseUrl, ObjectProvider<SupportedFormats> formats,
            JsonMapper json, HttpLimitsProperties limits) {
        this.properties = properties;
        this.json = json;
        this.maxBodyBytes = Math.toIntExact(limits.maxBodySize().toBytes());
        this.publicBaseUrl = publicBaseUrl;
        this.formats = formats;
    }

    @Operation(summary = "Service information (CSC 2.2.0.0)", description = """
            No authentication. POST {} (or {"lang": "pl"}) or GET. URLs (`oauth2Issuer`, `logo`) begin with the public \
            base URL (SIGILLUM_PUBLIC_BASE_URL, else the listening address); `oauth2Issuer` names the RFC 8414 metadata \
            at /.well-known/oauth-authorization-server.""")
    @RequestMapping(path = "/csc/v2/info", method = {RequestMethod.GET, RequestMethod.POST},
            produces = MediaType.APPLICATION_JSON_VALUE)
    Mono<ResponseEntity<ServiceInfo>> info(ServerWebExchange exchange) {
        // The body is read outside the response writer's subscription (hence the ResponseEntity, written once resolved):
        // the writer's hook that releases discarded buffers would otherwise join DataBufferUtils.join's own, and a buffer
        // discarded on the way (the one over the size limit) was released twice. And it is consumed by checkRequest
        // (which releases it), never dropped: a dropped value, as then() drops it, went to the writer's hook as well. Each
        // second release freed memory the HTTP decoder still held, so a request pipelined behind was cut off.
        return DataBufferUtils.join(exchange.getRequest().getBody(), maxBodyBytes)
                .map(body -> checkRequest(exchange.getRequest().getHeaders().getContentType(), body))
                .defaultIfEmpty(true)
                .map(checked -> ResponseEntity.ok(serviceInfo(exchange)));
    }

    private ServiceInfo serviceInfo(ServerWebExchange exchange) {
        String base = publicBaseUrl.base(exchange);
        SupportedFormats offered = formats.getIfAvailable(() -> SupportedFormats.HASH_ONLY);
        // The authorization server is announced by oauth2Issuer alone, never together with oauth2: CSC 2.2 allows exactly
        // one of oauth2 / oauth2Issuer / oauth2Servers, and the EUDI rQES client (>= 0.7) rejects an info carrying both,
        // while its 0.2-0.6 versions take oauth2Issuer first anyway. The issuer route reads our RFC 8414 metadata, so the
        // client learns the real revoke endpoint and every grant type; from a bare oauth2 base it guesses
        // "<base>/revoke" and the authorization-code grant only. Both routes require an https URL.
        return new ServiceInfo(SPECS, properties.name(), base + "/logo.svg", properties.region(), properties.lang(),
                DESCRIPTION, AUTH_TYPES, base, true, false, CscMethods.IMPLEMENTED, !offered.formats().isEmpty(),
                new ServiceInfo.SignAlgorithms(SIGN_ALGORITHMS),
                new ServiceInfo.SignatureFormats(offered.formats(), offered.envelopeProperties()),
                offered.conformanceLevels(), offered.hashTypes());
    }

    /**
     * A body, when there is one, is read as every CSC request is: JSON (415 otherwise), an object, {@code lang} a string,
     * within the body limit (413), and released. The answer does not depend on it (the texts are in one language); an
     * empty body, of any type, is no request. True, or an exception.
     */
    private boolean checkRequest(@Nullable MediaType contentType, DataBuffer body) {
        if (body.readableByteCount() > 0 && (contentType == null || !MediaType.APPLICATION_JSON.isCompatibleWith(contentType))) {
            DataBufferUtils.release(body);
            throw new UnsupportedMediaTypeStatusException(contentType, List.of(MediaType.APPLICATION_JSON), HttpMethod.POST);
        }
        JsonNode request = CscBodies.json(json, body);
        if (request != null) {
            new CscRequest(request); // lang, if any, must be a string; an empty one, like one not offered, means the default
        }
        return true;
    }
}
