package io.sigillum.gateway.oauth2;

import io.sigillum.gateway.auth.OAuth2Properties;
import io.sigillum.gateway.web.ApiException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.media.SchemaProperty;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Pushed authorization requests (RFC 9126): the platform, authenticated, posts the whole authorization request and gets
 * a short-lived, single-use {@code request_uri} to send the holder's browser with — so hashes, labels and PKCE never
 * travel in a URL the browser shows, logs or leaks. Checked exactly like a direct request; errors answer here (JSON).
 */
@RestController
@Tag(name = "OAuth2", description = "Access tokens for platforms")
class PushedAuthorizationController {

    private final ClientAuthentication clients;
    private final AuthorizationRequestReader reader;
    private final CredentialRequests credentialRequests;
    private final AuthorizationStore store;
    private final OAuth2Properties properties;

    PushedAuthorizationController(ClientAuthentication clients, AuthorizationRequestReader reader,
            CredentialRequests credentialRequests, AuthorizationStore store, OAuth2Properties properties) {
        this.clients = clients;
        this.reader = reader;
        this.credentialRequests = credentialRequests;
        this.store = store;
        this.properties = properties;
    }

    @Operation(summary = "Pushed authorization request (RFC 9126) → 201 {request_uri, expires_in}",
            description = "The parameters of /oauth2/authorize, form-encoded, with client authentication.",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = @Content(
                    mediaType = MediaType.APPLICATION_FORM_URLENCODED_VALUE, schema = @Schema(type = "object",
                            requiredProperties = {"response_type", "redirect_uri", "code_challenge", "code_challenge_method"}),
                    schemaProperties = {
                            @SchemaProperty(name = "response_type", schema = @Schema(allowableValues = "code")),
                            @SchemaProperty(name = "redirect_uri", schema = @Schema(type = "string")),
                            @SchemaProperty(name = "code_challenge", schema = @Schema(type = "string")),
                            @SchemaProperty(name = "code_challenge_method", schema = @Schema(allowableValues = "S256")),
                            @SchemaProperty(name = "state", schema = @Schema(description = "returned to redirect_uri as sent")),
                            @SchemaProperty(name = "scope", schema = @Schema(allowableValues = {"service", "credential"})),
                            @SchemaProperty(name = "authorization_details", schema = @Schema(description = "RFC 9396, "
                                    + "instead of scope: a JSON array of one object of type credential")),
                            @SchemaProperty(name = "credentialID", schema = @Schema(type = "string")),
                            @SchemaProperty(name = "numSignatures", schema = @Schema(type = "integer")),
                            @SchemaProperty(name = "hashes", schema = @Schema(description = "base64url, comma separated")),
                            @SchemaProperty(name = "hashAlgorithmOID", schema = @Schema(type = "string")),
                            @SchemaProperty(name = "description", schema = @Schema(type = "string")),
                            @SchemaProperty(name = "lang", schema = @Schema(allowableValues = {"pl", "en"})),
                            @SchemaProperty(name = "client_id", schema = @Schema(description = "client_secret_post")),
                            @SchemaProperty(name = "client_secret", schema = @Schema(description = "client_secret_post"))})),
            responses = @io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "201",
                    description = "{request_uri, expires_in}: send the holder's browser to /oauth2/authorize with it",
                    content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(type = "object"))))
    @PostMapping(path = "/oauth2/pushed_authorize", consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    Mono<ResponseEntity<Map<String, Object>>> push(ServerWebExchange exchange) {
        return OAuth2Forms.read(exchange).flatMap(form -> clients.authenticate(exchange.getRequest(), form)
                .flatMap(client -> {
                    if (form.containsKey("request_uri")) {
                        return Mono.error(ApiException.badRequest("request_uri may not be pushed (RFC 9126 §2.1)"));
                    }
                    Map<String, List<String>> params = new HashMap<>(form);
                    params.remove("client_secret");
                    params.put("client_id", List.of(client.clientId()));
                    return reader.trustedClient(params).map(trusted -> reader.read(trusted, params, ""))
                            // a request by signature qualifier names no credential until the holder signs in
                            .flatMap(requested -> requested.credential().filter(wanted -> !wanted.byQualifier())
                                    .map(wanted -> credentialRequests.usable(requested, wanted).thenReturn(requested))
                                    .orElseGet(() -> Mono.just(requested)));
                })
                .onErrorMap(AuthorizationFailure.class, failure -> new ApiException(HttpStatus.BAD_REQUEST, failure.error(),
                        failure.getMessage()))
                .flatMap(store::push)
                .map(requestUri -> {
                    Map<String, Object> body = new LinkedHashMap<>();
                    body.put("request_uri", requestUri);
                    body.put("expires_in", properties.pushedRequestLifetime().toSeconds());
                    return ResponseEntity.status(HttpStatus.CREATED).header(HttpHeaders.CACHE_CONTROL, "no-store").body(body);
                }));
    }
}
