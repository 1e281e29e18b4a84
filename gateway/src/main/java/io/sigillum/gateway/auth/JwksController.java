package io.sigillum.gateway.auth;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** The public keys (JWKS, RFC 7517) that verify the gateway's access tokens. */
@RestController
@Tag(name = "OAuth2", description = "Access tokens for platforms")
class JwksController {

    private final AccessTokenKeys keys;

    JwksController(AccessTokenKeys keys) {
        this.keys = keys;
    }

    @Operation(summary = "Public keys (JWKS) that verify access tokens")
    @GetMapping(path = "/oauth2/jwks", produces = MediaType.APPLICATION_JSON_VALUE)
    Map<String, Object> jwks() {
        return keys.publicKeys().toJSONObject(true);
    }
}
