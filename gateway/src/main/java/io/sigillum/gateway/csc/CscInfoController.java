package io.sigillum.gateway.csc;

import io.sigillum.signer.algorithm.SignAlgorithm;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
    Map<String, Object> info(ServerWebExchange exchange) {
        String base = UriComponentsBuilder.fromUri(exchange.getRequest().getURI()).replacePath(null).replaceQuery(null)
                .build().toUriString();
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("specs", "2.0.0.2");
        info.put("name", properties.name());
        info.put("logo", base + "/logo.png");
        info.put("region", properties.region());
        info.put("lang", properties.lang());
        info.put("description", "Remote signing with cloud qualified certificates whose keys stay in the HSM");
        info.put("authType", List.of("oauth2client"));
        info.put("oauth2", base);
        info.put("methods", METHODS);
        info.put("signAlgorithms", Map.of("algos", Arrays.stream(SignAlgorithm.values()).map(SignAlgorithm::oid).toList()));
        return info;
    }
}
