package io.sigillum.gateway.csc;

import io.sigillum.gateway.auth.PlatformPrincipal;
import io.sigillum.gateway.credential.Credential;
import io.sigillum.gateway.csc.wire.AuthorizeRequest;
import io.sigillum.gateway.csc.wire.Certificates;
import io.sigillum.gateway.csc.wire.ChallengeRequest;
import io.sigillum.gateway.csc.wire.CredentialInfo;
import io.sigillum.gateway.csc.wire.CscRequest;
import io.sigillum.gateway.csc.wire.ExtendRequest;
import io.sigillum.gateway.csc.wire.InfoRequest;
import io.sigillum.gateway.csc.wire.ListRequest;
import io.sigillum.gateway.csc.wire.ListResponse;
import io.sigillum.gateway.csc.wire.SadResponse;
import io.sigillum.gateway.sad.IssuedSad;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/** The CSC {@code credentials/*} methods. */
@RestController
@RequestMapping(path = "/csc/v2/credentials", consumes = MediaType.APPLICATION_JSON_VALUE,
        produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "CSC API v2")
class CredentialsController {

    private final CredentialDirectory directory;
    private final CredentialAuthorization authorization;
    private final CscProperties properties;
    private final Clock clock = Clock.systemUTC();

    CredentialsController(CredentialDirectory directory, CredentialAuthorization authorization, CscProperties properties) {
        this.directory = directory;
        this.authorization = authorization;
        this.properties = properties;
    }

    @Operation(summary = "List a user's credentials usable by this platform",
            description = "userID is required with the platform's own (client credentials) token, and absent or the same user "
                    + "with a user-bound token from the authorization code flow. maxResults (>= 1) pages the list: nextPageToken, "
                    + "when present, is the pageToken of the next page.")
    @PostMapping("/list")
    Mono<ListResponse> list(
            @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(mediaType = "application/json",
                    examples = @ExampleObject(value = CscExamples.LIST))) @RequestBody JsonNode body, ServerWebExchange exchange) {
        ListRequest request = ListRequest.read(new CscRequest(body));
        PlatformPrincipal platform = PlatformPrincipal.of(exchange);
        return directory.list(platform, request.userId()).map(credentials -> {
            Instant now = clock.instant();
            List<Credential> all = credentials.stream()
                    .filter(c -> !request.onlyValid() || UsableCredential.usable(c, now))
                    .toList();
            List<Credential> shown = request.page(all);
            List<CredentialInfo> infos = request.credentialInfo() ? shown.stream()
                    .map(c -> describe(c, platform, request.certificates(), request.certInfo(), request.authInfo()).withId(c.id()))
                    .toList() : null;
            return new ListResponse(shown.stream().map(Credential::id).toList(), infos, request.onlyValid() ? true : null,
                    request.nextPageToken(all).orElse(null));
        });
    }

    @Operation(summary = "Key, certificate chain (end-entity first) and authorization objects of a credential")
    @PostMapping("/info")
    Mono<CredentialInfo> info(
            @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(mediaType = "application/json",
                    examples = @ExampleObject(value = CscExamples.INFO))) @RequestBody JsonNode body, ServerWebExchange exchange) {
        InfoRequest request = InfoRequest.read(new CscRequest(body));
        PlatformPrincipal platform = PlatformPrincipal.of(exchange);
        return directory.find(platform, request.credentialId())
                .map(credential -> describe(credential, platform, request.certificates(), request.certInfo(), request.authInfo()));
    }

    @Operation(summary = "Send the SMS one-time code for a credential (204); sendOTP is the CSC v1 name of the same call",
            responses = @io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "204",
                    description = "The code was sent to the holder's phone"))
    @PostMapping({"/getChallenge", "/sendOTP"})
    Mono<ResponseEntity<Void>> getChallenge(
            @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(mediaType = "application/json",
                    examples = @ExampleObject(value = CscExamples.CHALLENGE))) @RequestBody JsonNode body, ServerWebExchange exchange) {
        ChallengeRequest request = ChallengeRequest.read(new CscRequest(body));
        return authorization.sendChallenge(PlatformPrincipal.of(exchange), request.credentialId())
                .then(Mono.just(ResponseEntity.noContent().build()));
    }

    @Operation(summary = "Authorize signatures with PIN + SMS code over the given hashes (SCAL2) → SAD")
    @PostMapping("/authorize")
    Mono<SadResponse> authorize(
            @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(mediaType = "application/json",
                    examples = @ExampleObject(value = CscExamples.AUTHORIZE))) @RequestBody JsonNode body, ServerWebExchange exchange) {
        AuthorizeRequest request = AuthorizeRequest.read(new CscRequest(body), properties.maxHashes());
        return authorization.authorize(PlatformPrincipal.of(exchange), request).map(CredentialsController::sadResponse);
    }

    @Operation(summary = "Replace a SAD by a fresh one: the same grant, or with hashes[] (and optionally hashAlgorithmOID) "
            + "bound to those hashes instead, at most as many as the signatures left")
    @PostMapping("/extendTransaction")
    Mono<SadResponse> extendTransaction(
            @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(mediaType = "application/json",
                    examples = @ExampleObject(value = CscExamples.EXTEND))) @RequestBody JsonNode body, ServerWebExchange exchange) {
        ExtendRequest request = ExtendRequest.read(new CscRequest(body), properties.maxHashes());
        return authorization.extend(PlatformPrincipal.of(exchange), request).map(CredentialsController::sadResponse);
    }

    private CredentialInfo describe(Credential credential, PlatformPrincipal platform, Certificates certificates, boolean certInfo,
            boolean authInfo) {
        return CredentialInfoView.describe(credential, platform.authMode(), certificates, certInfo, authInfo, properties.maxHashes(),
                properties.lang(), clock.instant());
    }

    private static SadResponse sadResponse(IssuedSad sad) {
        return new SadResponse(sad.value(), sad.expiresIn().toSeconds());
    }
}
