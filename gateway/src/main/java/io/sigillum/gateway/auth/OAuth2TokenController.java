package io.sigillum.gateway.auth;

import io.sigillum.gateway.secret.SecretHasher;
import io.sigillum.gateway.web.ApiException;
import io.sigillum.gateway.web.InputRules;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/** The OAuth2 token endpoint (client credentials for platforms) and the public keys that verify its tokens. */
@RestController
@Tag(name = "OAuth2", description = "Access tokens for platforms")
class OAuth2TokenController {

    /** A dummy hash verified when the client is unknown, so unknown and known clients take the same time. */
    private static final String UNKNOWN_CLIENT_HASH =
            "$argon2id$v=19$m=19456,t=2,p=1$c2lnaWxsdW0tZHVtbXk$0000000000000000000000000000000000000000000";

    private final PlatformClientRepository clients;
    private final SecretHasher hasher;
    private final AccessTokens tokens;
    private final AccessTokenKeys keys;

    OAuth2TokenController(PlatformClientRepository clients, SecretHasher hasher, AccessTokens tokens, AccessTokenKeys keys) {
        this.clients = clients;
        this.hasher = hasher;
        this.tokens = tokens;
        this.keys = keys;
    }

    @Operation(summary = "Client-credentials grant",
            description = "Form-encoded grant_type=client_credentials; client id and secret by HTTP Basic or in the form.")
    @PostMapping(path = "/oauth2/token", consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    Mono<ResponseEntity<Map<String, Object>>> token(ServerWebExchange exchange) {
        return exchange.getFormData().flatMap(form -> grant(exchange.getRequest().getHeaders(), form));
    }

    @Operation(summary = "Public keys (JWKS) that verify access tokens")
    @GetMapping(path = "/oauth2/jwks", produces = MediaType.APPLICATION_JSON_VALUE)
    Map<String, Object> jwks() {
        return keys.publicKeys().toJSONObject(true);
    }

    private Mono<ResponseEntity<Map<String, Object>>> grant(HttpHeaders headers, MultiValueMap<String, String> form) {
        checkForm(form);
        String grantType = form.getFirst("grant_type");
        if (grantType == null) {
            return Mono.error(ApiException.badRequest("Missing grant_type"));
        }
        if (!grantType.equals("client_credentials")) {
            return Mono.error(new ApiException(HttpStatus.BAD_REQUEST, "unsupported_grant_type",
                    "Only grant_type=client_credentials is supported"));
        }
        Credentials presented = Credentials.from(headers, form);
        return clients.findByClientId(presented.clientId())
                .map(Optional::of).defaultIfEmpty(Optional.empty())
                .flatMap(client -> hasher.verify(presented.secret(), client.map(PlatformClient::secretHash).orElse(UNKNOWN_CLIENT_HASH))
                        .flatMap(matches -> {
                            if (client.isEmpty() || !matches || !client.get().enabled()) {
                                return Mono.error(new ApiException(HttpStatus.UNAUTHORIZED, "invalid_client",
                                        "Client authentication failed"));
                            }
                            return Mono.just(respond(client.get(), requestedScopes(form, client.get())));
                        }));
    }

    /** RFC 6749 §3.2: parameters sent without a value are omitted and none may repeat; none may carry NUL. */
    private static void checkForm(MultiValueMap<String, String> form) {
        form.forEach((name, values) -> {
            if (values.size() > 1) {
                throw ApiException.badRequest("Parameter " + name + " is repeated");
            }
            values.forEach(value -> InputRules.requireStoreSafe(name, value));
        });
    }

    private static Set<String> requestedScopes(MultiValueMap<String, String> form, PlatformClient client) {
        String scope = form.getFirst("scope");
        if (scope == null || scope.isBlank()) {
            return client.scopes();
        }
        Set<String> requested = new LinkedHashSet<>(List.of(scope.trim().split("\\s+")));
        if (!client.scopes().containsAll(requested)) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "invalid_scope", "The client may not ask for scope " + scope);
        }
        return requested;
    }

    private ResponseEntity<Map<String, Object>> respond(PlatformClient client, Set<String> scopes) {
        AccessTokens.IssuedToken token = tokens.issue(client, scopes);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("access_token", token.value());
        body.put("token_type", "Bearer");
        body.put("expires_in", token.lifetime().toSeconds());
        body.put("scope", String.join(" ", token.scopes()));
        return ResponseEntity.ok().header(HttpHeaders.CACHE_CONTROL, "no-store").body(body);
    }

    /** The client id and secret, from HTTP Basic or from the form (RFC 6749 §2.3.1). */
    private record Credentials(String clientId, String secret) {

        static Credentials from(HttpHeaders headers, MultiValueMap<String, String> form) {
            String authorization = headers.getFirst(HttpHeaders.AUTHORIZATION);
            String id = form.getFirst("client_id");
            String secret = form.getFirst("client_secret");
            if (authorization != null && authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
                if (secret != null) {
                    throw ApiException.badRequest("Use one client authentication method: HTTP Basic or client_secret");
                }
                return fromBasic(authorization.substring(6).trim());
            }
            if (id == null || secret == null) {
                throw new ApiException(HttpStatus.UNAUTHORIZED, "invalid_client",
                        "Client credentials are required (HTTP Basic or client_id + client_secret)");
            }
            return new Credentials(id, secret);
        }

        /** RFC 6749 §2.3.1: Base64 of form-urlencoded id ":" form-urlencoded secret; anything else is malformed. */
        private static Credentials fromBasic(String encoded) {
            try {
                String decoded = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
                int colon = decoded.indexOf(':');
                if (colon < 0) {
                    throw malformedBasic();
                }
                return new Credentials(urlDecode("client_id", decoded.substring(0, colon)),
                        urlDecode("client_secret", decoded.substring(colon + 1)));
            } catch (IllegalArgumentException e) {
                throw malformedBasic();
            }
        }

        private static ApiException malformedBasic() {
            return ApiException.badRequest("Malformed HTTP Basic client credentials");
        }

        private static String urlDecode(String name, String value) {
            return InputRules.requireStoreSafe(name, URLDecoder.decode(value, StandardCharsets.UTF_8));
        }

        @Override
        public String toString() {
            return "Credentials[" + clientId + "]";
        }
    }
}
