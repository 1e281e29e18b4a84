package io.sigillum.gateway.csc;

import io.sigillum.signer.algorithm.SignAlgorithm;
import io.sigillum.gateway.csc.wire.ServiceInfo;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.Arrays;
import java.util.List;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.util.UriComponentsBuilder;

/** {@code info}: what this remote signing service is and which CSC methods and algorithms it offers. */
@RestController
@Tag(name = "CSC API v2")
class CscInfoController {

    static final List<String> METHODS = List.of("oauth2/token", "credentials/list", "credentials/info",
            "credentials/getChallenge", "credentials/sendOTP", "credentials/authorize", "credentials/extendTransaction",
            "signatures/signHash");

    private final CscProperties properties;

    CscInfoController(CscProperties properties) {
        this.properties = properties;
    }

    @Operation(summary = "Service information", description = "No authentication. POST {} or GET.")
    @RequestMapping(path = "/csc/v2/info", method = {RequestMethod.GET, RequestMethod.POST},
            produces = MediaType.APPLICATION_JSON_VALUE)
    ServiceInfo info(ServerWebExchange exchange) {
        String base = UriComponentsBuilder.fromUri(exchange.getRequest().getURI()).replacePath(null).replaceQuery(null)
                .build().toUriString();
        return new ServiceInfo("2.0.0.2", properties.name(), base + "/logo.png", properties.region(), properties.lang(),
                "Remote signing with cloud qualified certificates whose keys stay in the HSM", List.of("oauth2client"),
                base, METHODS, new ServiceInfo.SignAlgorithms(Arrays.stream(SignAlgorithm.values()).map(SignAlgorithm::oid).toList()));
    }
}
