package io.sigillum.gateway.oauth2;

import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.AuthorizationGrant;
import com.nimbusds.oauth2.sdk.ClientCredentialsGrant;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.RefreshTokenGrant;
import com.nimbusds.oauth2.sdk.pkce.CodeChallenge;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.rar.AuthorizationDetail;
import io.sigillum.gateway.auth.AccessTokens;
import io.sigillum.gateway.auth.PlatformClient;
import io.sigillum.gateway.oauth2.AuthorizationStore.IssuedCode;
import io.sigillum.gateway.oauth2.AuthorizationStore.RefreshGrant;
import io.sigillum.gateway.sad.SadStore;
import io.sigillum.gateway.secret.Randomness;
import io.sigillum.gateway.web.ApiException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.media.SchemaProperty;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * The token endpoint (RFC 6749 §3.2): {@code client_credentials} for a platform's own service token;
 * {@code authorization_code} (+ PKCE verifier, RFC 7636) for a user-bound service token with a refresh token, or a
 * credential token standing for the holder's approval; {@code refresh_token} (rotating).
 */
@RestController
@Tag(name = "OAuth2", description = "Access tokens for platforms")
class TokenController {

    private static final List<String> SUPPORTED_GRANTS = List.of("client_credentials", "authorization_code", "refresh_token");

    private final ClientAuthentication clients;
    private final AccessTokens tokens;
    private final AuthorizationStore store;
    private final SadStore sads;
    private final JsonMapper json;
    private final Clock clock;

    TokenController(ClientAuthentication clients, AccessTokens tokens, AuthorizationStore store, SadStore sads,
            JsonMapper json, Clock clock) {
        this.clients = clients;
        this.tokens = tokens;
        this.store = store;
        this.sads = sads;
        this.json = json;
        this.clock = clock;
    }

    @Operation(summary = "Token endpoint: client_credentials, authorization_code (+ code_verifier), refresh_token",
            description = "Form-encoded; client id and secret by HTTP Basic or in the form (client_secret_post).",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = @Content(
                    mediaType = MediaType.APPLICATION_FORM_URLENCODED_VALUE, schema = @Schema(type = "object",
                            requiredProperties = {"grant_type"}),
                    schemaProperties = {
                            @SchemaProperty(name = "grant_type", schema = @Schema(
                                    allowableValues = {"client_credentials", "authorization_code", "refresh_token"})),
                            @SchemaProperty(name = "code", schema = @Schema(description = "authorization_code")),
                            @SchemaProperty(name = "redirect_uri", schema = @Schema(description = "authorization_code: as sent "
                                    + "to /oauth2/authorize")),
                            @SchemaProperty(name = "code_verifier", schema = @Schema(description = "authorization_code: the "
                                    + "PKCE verifier (RFC 7636)")),
                            @SchemaProperty(name = "refresh_token", schema = @Schema(description = "refresh_token")),
                            @SchemaProperty(name = "scope", schema = @Schema(description = "client_credentials, refresh_token")),
                            @SchemaProperty(name = "client_id", schema = @Schema(description = "client_secret_post")),
                            @SchemaProperty(name = "client_secret", schema = @Schema(description = "client_secret_post"))})),
            responses = @ApiResponse(responseCode = "200", description = "access_token, token_type Bearer, expires_in, scope; "
                    + "refresh_token for a holder's service token; credentialID (and authorization_details) for a credential token",
                    content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(type = "object"))))
    @PostMapping(path = "/oauth2/token", consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    Mono<ResponseEntity<Map<String, Object>>> token(ServerWebExchange exchange) {
        return OAuth2Forms.read(exchange).flatMap(form -> grant(exchange.getRequest(), form));
    }

    /**
     * The client is authenticated first (401 invalid_client), as the other parameters are only read for a client: a caller
     * without the client's secret learns nothing about what a request of its would have been answered.
     */
    private Mono<ResponseEntity<Map<String, Object>>> grant(ServerHttpRequest request, MultiValueMap<String, String> form) {
        ClientAuthentication.checkForm(form);
        return clients.authenticate(request, form).flatMap(client -> grant(client, form));
    }

    private Mono<ResponseEntity<Map<String, Object>>> grant(PlatformClient client, MultiValueMap<String, String> form) {
        String grantType = form.getFirst("grant_type");
        if (grantType == null) {
            return Mono.error(ApiException.badRequest("Missing grant_type"));
        }
        if (!SUPPORTED_GRANTS.contains(grantType)) {
            return Mono.error(new ApiException(HttpStatus.BAD_REQUEST, "unsupported_grant_type",
                    "Supported: " + String.join(", ", SUPPORTED_GRANTS)));
        }
        AuthorizationGrant grant;
        try {
            grant = AuthorizationGrant.parse(form);
        } catch (ParseException e) {
            String error = e.getErrorObject() == null ? "invalid_request" : e.getErrorObject().getCode();
            return Mono.error(new ApiException(HttpStatus.BAD_REQUEST, error, e.getMessage()));
        }
        String details = form.getFirst("authorization_details");
        if (details != null) {
            if (!(grant instanceof AuthorizationCodeGrant)) {
                // RFC 9396 §6: details the client's policy does not allow are refused, not dropped for a plainer token
                return Mono.error(new ApiException(HttpStatus.BAD_REQUEST, "invalid_authorization_details",
                        "authorization_details are granted at the authorization endpoint, with the holder's approval; "
                                + "this grant carries none"));
            }
            try {
                AuthorizationDetail.parseList(details);
            } catch (ParseException notDetails) {
                return Mono.error(new ApiException(HttpStatus.BAD_REQUEST, "invalid_authorization_details",
                        "authorization_details is not a JSON array of authorization details"));
            }
        }
        return switch (grant) {
            case ClientCredentialsGrant credentials -> Mono.just(respond(tokens.issue(client, requestedScopes(form, client)),
                    Map.of()));
            case AuthorizationCodeGrant code -> redeem(client, code, Optional.ofNullable(details));
            case RefreshTokenGrant refresh -> refresh(client, refresh, form.getFirst("scope"));
            default -> Mono.error(new ApiException(HttpStatus.BAD_REQUEST, "unsupported_grant_type",
                    "Supported: client_credentials, authorization_code, refresh_token"));
        };
    }

    /**
     * RFC 6749 §4.1.3 + RFC 7636 §4.6: the code is this client's, for this redirect URI, and the verifier proves it; RFC
     * 9396 §6.1: authorization_details named again are the very ones the holder approved for it.
     */
    private Mono<ResponseEntity<Map<String, Object>>> redeem(PlatformClient client, AuthorizationCodeGrant grant,
            Optional<String> details) {
        return store.redeem(grant.getAuthorizationCode().getValue(), redemption -> {
            if (redemption.code().isEmpty()) {
                Mono<Void> withdrawn = redemption.reused()
                        .map(first -> Mono.when(withdraw(first), revokeFamily(redemption.family()))).orElse(Mono.empty());
                return withdrawn.then(Mono.error(invalidGrant("The code is unknown, expired or already used")));
            }
            IssuedCode issued = redemption.code().get();
            RequestedAuthorization requested = issued.request();
            if (!requested.platformId().equals(client.id())) {
                return withdraw(issued).then(Mono.error(invalidGrant("The code was issued to another client")));
            }
            if (grant.getRedirectionURI() == null || !grant.getRedirectionURI().toString().equals(requested.redirectUri())) {
                return withdraw(issued).then(Mono.error(invalidGrant("redirect_uri does not match the authorization request")));
            }
            if (grant.getCodeVerifier() == null || !verifies(grant, requested.codeChallenge())) {
                return withdraw(issued).then(Mono.error(invalidGrant("The PKCE code_verifier does not match the code_challenge")));
            }
            if (details.isPresent() && !approved(requested, details.get())) {
                return withdraw(issued).then(Mono.error(new ApiException(HttpStatus.BAD_REQUEST, "invalid_authorization_details",
                        "authorization_details differ from those the holder approved for this code: send those, or none")));
            }
            return requested.scope() == AuthorizationScope.SERVICE
                    ? signedInTokens(client, issued, redemption.family())
                    : credentialToken(client, issued, redemption.family());
        });
    }

    /**
     * The details the holder approved, compared as JSON values (member order aside). A part of them is refused too: the
     * holder's one approval (its SAD) covers them all and cannot be narrowed here.
     */
    private boolean approved(RequestedAuthorization requested, String details) {
        return requested.credential().flatMap(RequestedAuthorization.CredentialRequest::authorizationDetails)
                .filter(granted -> json.readTree(granted).equals(json.readTree(details))).isPresent();
    }

    private Mono<Boolean> withdraw(IssuedCode issued) {
        return issued.sadId().map(sads::withdraw).orElse(Mono.just(false));
    }

    /** Revokes what a family was issued: its refresh token in the store, its access tokens here. */
    private Mono<Void> revokeFamily(String family) {
        return store.revokeFamily(family).flatMapMany(Flux::fromIterable).flatMap(tokens::revoke).then();
    }

    private static boolean verifies(AuthorizationCodeGrant grant, String challenge) {
        String computed = CodeChallenge.compute(CodeChallengeMethod.S256, grant.getCodeVerifier()).getValue();
        return MessageDigest.isEqual(computed.getBytes(StandardCharsets.US_ASCII), challenge.getBytes(StandardCharsets.US_ASCII));
    }

    /**
     * A service code's tokens, unless the holder's password changed after the sign-in that granted it began (the
     * sign-in checked the old one): the family is listed under the user before the change is looked for, and a change is
     * marked before the user's families are listed, so one of the two always finds the other.
     */
    private Mono<ResponseEntity<Map<String, Object>>> signedInTokens(PlatformClient client, IssuedCode issued, String family) {
        String userId = issued.userId().orElseThrow();
        return serviceTokens(client, userId, family, Instant.ofEpochMilli(issued.passwordCheckedFrom()))
                .flatMap(answer -> store.passwordChangedSince(userId,
                        issued.passwordCheckedFrom())
                .flatMap(changed -> changed ? revokeFamily(family).then(Mono.error(invalidGrant(
                        "The holder's password changed after the sign-in that granted this code"))) : Mono.just(answer)));
    }

    /** A service token and the next refresh token, both ending by the sign-in's end at the latest. */
    private Mono<ResponseEntity<Map<String, Object>>> serviceTokens(PlatformClient client, String userId, String family,
            Instant signedInAt) {
        Duration left = store.signInLeft(signedInAt);
        // a token lives whole seconds (its exp, its expires_in): one with less than a second left would be dead on arrival
        if (left.toSeconds() < 1) {
            return Mono.error(invalidGrant("The sign-in these tokens come from has ended; the user signs in again"));
        }
        AccessTokens.IssuedToken access = tokens.issue(client, Set.of(AccessTokens.SERVICE_SCOPE), Optional.of(userId), left);
        return store.issueRefreshToken(client, userId, family, access.id(), signedInAt)
                .map(refresh -> respond(access, Map.of("refresh_token", refresh)))
                .switchIfEmpty(Mono.error(TokenController::familyRevoked));
    }

    private Mono<ResponseEntity<Map<String, Object>>> credentialToken(PlatformClient client, IssuedCode issued, String family) {
        RequestedAuthorization.CredentialRequest credential = issued.request().credential().orElseThrow();
        Duration left = Duration.ofMillis(issued.grantExpiresAt() - clock.millis());
        // a token lives whole seconds (its exp, its expires_in): one with less than a second left would be dead on arrival
        if (left.toSeconds() < 1) {
            return Mono.error(invalidGrant("The authorization has expired"));
        }
        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put("credentialID", credential.credentialId());
        credential.authorizationDetails().ifPresent(details -> extra.put("authorization_details", json.readTree(details)));
        AccessTokens.IssuedToken token = tokens.issueCredential(client, credential.credentialId(), issued.sadId().orElseThrow(), left);
        return store.recordAccessToken(family, token.id())
                .flatMap(recorded -> recorded ? Mono.just(respond(token, extra)) : Mono.error(familyRevoked()));
    }

    /**
     * RFC 6749 §6: a refresh may narrow the scope first granted, never widen it; refresh tokens are only granted for
     * {@code service}, so a scope other than that one is refused before the token is spent.
     */
    private Mono<ResponseEntity<Map<String, Object>>> refresh(PlatformClient client, RefreshTokenGrant grant, @Nullable String scope) {
        if (scope != null && !scope.isBlank()
                && !Set.copyOf(List.of(scope.trim().split("\\s+"))).equals(Set.of(AccessTokens.SERVICE_SCOPE))) {
            return Mono.error(new ApiException(HttpStatus.BAD_REQUEST, "invalid_scope",
                    "A refresh token grants scope " + AccessTokens.SERVICE_SCOPE + " only, not " + scope.strip()));
        }
        return store.spendRefreshToken(grant.getRefreshToken().getValue(), taken -> {
            if (taken.first().isEmpty()) {
                // spent already: either its client or a thief holds the token that replaced it, so that one is revoked
                Mono<Void> revoked = taken.reused().flatMap(RefreshGrant::family).map(this::revokeFamily).orElse(Mono.empty());
                return revoked.then(Mono.error(invalidGrant("The refresh token is unknown, expired, used or revoked")));
            }
            RefreshGrant found = taken.first().get();
            return found.platformId().equals(client.id())
                    // a token stored before families (or sign-in times) were kept starts one
                    ? serviceTokens(client, found.userId(), found.family().orElseGet(() -> Randomness.hex(16)),
                            found.signedInAt().orElseGet(clock::instant))
                    : Mono.error(invalidGrant("The refresh token was issued to another client"));
        });
    }

    private static Set<String> requestedScopes(MultiValueMap<String, String> form, PlatformClient client) {
        String scope = form.getFirst("scope");
        if (scope == null || scope.isBlank()) {
            return Set.of(AccessTokens.SERVICE_SCOPE);
        }
        Set<String> requested = new LinkedHashSet<>(List.of(scope.trim().split("\\s+")));
        if (!client.scopes().containsAll(requested) || requested.contains(AccessTokens.CREDENTIAL_SCOPE)) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "invalid_scope", "The client may not ask for scope " + scope);
        }
        return requested;
    }

    private static ResponseEntity<Map<String, Object>> respond(AccessTokens.IssuedToken token, Map<String, Object> extra) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("access_token", token.value());
        body.put("token_type", "Bearer");
        body.put("expires_in", token.lifetime().toSeconds());
        body.put("scope", String.join(" ", token.scopes()));
        body.putAll(extra);
        return ResponseEntity.ok().header(HttpHeaders.CACHE_CONTROL, "no-store").header(HttpHeaders.PRAGMA, "no-cache").body(body);
    }

    /** Its code or refresh token was presented again while this was being issued: none of it is handed out. */
    private static ApiException familyRevoked() {
        return invalidGrant("The grant has been revoked: its code or refresh token was presented twice");
    }

    private static ApiException invalidGrant(String detail) {
        return new ApiException(HttpStatus.BAD_REQUEST, "invalid_grant", detail);
    }
}
