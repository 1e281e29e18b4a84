package io.sigillum.gateway.oauth2;

import io.sigillum.gateway.auth.AccessTokens;
import io.sigillum.gateway.auth.PlatformPrincipal;
import io.sigillum.gateway.csc.wire.CscRequest;
import io.sigillum.gateway.csc.wire.RevokeRequest;
import io.sigillum.gateway.sad.SadStore;
import io.sigillum.gateway.web.ApiException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.media.SchemaProperty;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.UUID;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * Token revocation, through two doors: the OAuth2 one (RFC 7009, {@code /oauth2/revoke}: the client authenticates as at
 * the token endpoint, form fields) and the CSC one ({@code auth/revoke}: the platform's service access token as bearer,
 * a JSON body, 204). Either way a platform withdraws one of its own refresh tokens, service tokens or credential tokens
 * (the credential token's grant is withdrawn with it, so nothing more can be signed with it; a refresh token takes the
 * access tokens of its grant with it, §2.1), and an unknown or already unusable token is no error (§2.2), with one
 * exception: a token that is valid but was issued to another client, an access token or a refresh token, is refused
 * with {@code unauthorized_client} and left alone (§2.1: the server checks the token was issued to the caller and tells
 * it when not).
 */
@RestController
@Tag(name = "OAuth2", description = "Access tokens for platforms")
class RevocationController {

    private final ClientAuthentication clients;
    private final AuthorizationStore store;
    private final AccessTokens tokens;
    private final SadStore sads;

    RevocationController(ClientAuthentication clients, AuthorizationStore store, AccessTokens tokens, SadStore sads) {
        this.clients = clients;
        this.store = store;
        this.tokens = tokens;
        this.sads = sads;
    }

    @Operation(summary = "Revoke a token (RFC 7009): token, token_type_hint? → 200",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = @Content(
                    mediaType = MediaType.APPLICATION_FORM_URLENCODED_VALUE, schema = @Schema(type = "object",
                            requiredProperties = {"token"}),
                    schemaProperties = {
                            @SchemaProperty(name = "token", schema = @Schema(type = "string")),
                            @SchemaProperty(name = "token_type_hint",
                                    schema = @Schema(allowableValues = {"access_token", "refresh_token"})),
                            @SchemaProperty(name = "client_id", schema = @Schema(description = "client_secret_post")),
                            @SchemaProperty(name = "client_secret", schema = @Schema(description = "client_secret_post"))})),
            responses = @ApiResponse(responseCode = "200", description = "Revoked, or unknown already (RFC 7009 §2.2)",
                    content = @Content))
    @PostMapping(path = "/oauth2/revoke", consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE)
    Mono<ResponseEntity<Void>> revoke(ServerWebExchange exchange) {
        return OAuth2Forms.read(exchange).flatMap(form -> clients.authenticate(exchange.getRequest(), form)
                .flatMap(client -> {
                    String token = form.getFirst("token");
                    if (token == null || token.isBlank()) {
                        return Mono.error(ApiException.badRequest("Missing token"));
                    }
                    return revoke(token, client.id());
                })
                .thenReturn(ResponseEntity.ok().<Void>build()));
    }

    @Operation(tags = "CSC API v2", summary = "CSC auth/revoke: a service access token or refresh token of the calling platform → 204",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = @Content(
                    mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(type = "object",
                            requiredProperties = {"token"}),
                    schemaProperties = {
                            @SchemaProperty(name = "token", schema = @Schema(type = "string")),
                            @SchemaProperty(name = "token_type_hint",
                                    schema = @Schema(allowableValues = {"access_token", "refresh_token"})),
                            @SchemaProperty(name = "clientData", schema = @Schema(type = "string"))})),
            responses = @ApiResponse(responseCode = "204", description = "Revoked, or unknown already", content = @Content))
    @PostMapping(path = "/csc/v2/auth/revoke", consumes = MediaType.APPLICATION_JSON_VALUE)
    Mono<ResponseEntity<Void>> cscRevoke(@RequestBody JsonNode body, ServerWebExchange exchange) {
        PlatformPrincipal platform = PlatformPrincipal.of(exchange);
        RevokeRequest request = RevokeRequest.read(new CscRequest(body));
        return revoke(request.token(), platform.platformId()).thenReturn(ResponseEntity.noContent().<Void>build());
    }

    /**
     * An access token is a JWT (three parts); anything else can only be a refresh token. White space around it is not
     * part of it, as where it is presented (a Bearer header, a refresh grant): a token read from a file with its newline
     * is the token, and the 200 says it is revoked.
     */
    private Mono<Void> revoke(String presented, UUID platformId) {
        String token = presented.strip();
        if (token.chars().filter(c -> c == '.').count() == 2) {
            return tokens.revoke(token, platformId).flatMap(revoked -> revoked
                    .flatMap(principal -> principal.credential())
                    .map(grant -> sads.withdraw(grant.sadId()).then())
                    .orElse(Mono.empty()));
        }
        return store.revokeRefreshToken(token, platformId).flatMapMany(Flux::fromIterable).flatMap(tokens::revoke).then();
    }
}
