package io.sigillum.gateway.csc;

import io.sigillum.gateway.auth.PlatformPrincipal;
import io.sigillum.gateway.csc.CredentialAuthorization.AuthorizeRequest;
import io.sigillum.gateway.csc.CredentialInfoView.Certificates;
import io.sigillum.gateway.sad.IssuedSad;
import io.sigillum.signer.algorithm.DigestAlgorithm;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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

    @Operation(summary = "List a user's credentials usable by this platform", description = "userID is required for platform tokens.")
    @PostMapping("/list")
    Mono<Map<String, Object>> list(@io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(mediaType = "application/json",
            examples = @ExampleObject(value = CscExamples.LIST))) @RequestBody JsonNode body, ServerWebExchange exchange) {
        CscRequest request = new CscRequest(body);
        String userId = request.requiredString("userID");
        boolean withInfo = request.optionalBoolean("credentialInfo", false);
        Certificates certificates = request.optionalString("certificates").map(Certificates::parse).orElse(Certificates.SINGLE);
        boolean certInfo = request.optionalBoolean("certInfo", false);
        boolean authInfo = request.optionalBoolean("authInfo", false);
        boolean onlyValid = request.optionalBoolean("onlyValid", false);
        return directory.list(PlatformPrincipal.of(exchange), userId).map(credentials -> {
            var shown = credentials.stream()
                    .filter(c -> !onlyValid || c.certificate().map(ee -> ee.getNotAfter().toInstant().isAfter(clock.instant())).orElse(false))
                    .toList();
            Map<String, Object> response = new LinkedHashMap<>();
            response.put("credentialIDs", shown.stream().map(c -> c.id()).toList());
            if (withInfo) {
                response.put("credentialInfos", shown.stream().map(c -> {
                    Map<String, Object> info = new LinkedHashMap<>();
                    info.put("credentialID", c.id());
                    info.putAll(CredentialInfoView.render(c, certificates, certInfo, authInfo, properties.maxHashes(),
                            properties.lang(), clock.instant()));
                    return info;
                }).toList());
            }
            if (onlyValid) {
                response.put("onlyValid", true);
            }
            return response;
        });
    }

    @Operation(summary = "Key, certificate chain (end-entity first) and authorization objects of a credential")
    @PostMapping("/info")
    Mono<Map<String, Object>> info(@io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(mediaType = "application/json",
            examples = @ExampleObject(value = CscExamples.INFO))) @RequestBody JsonNode body, ServerWebExchange exchange) {
        CscRequest request = new CscRequest(body);
        String credentialId = request.requiredString("credentialID");
        Certificates certificates = request.optionalString("certificates").map(Certificates::parse).orElse(Certificates.SINGLE);
        boolean certInfo = request.optionalBoolean("certInfo", false);
        boolean authInfo = request.optionalBoolean("authInfo", true);
        return directory.find(PlatformPrincipal.of(exchange), credentialId)
                .map(credential -> CredentialInfoView.render(credential, certificates, certInfo, authInfo,
                        properties.maxHashes(), properties.lang(), clock.instant()));
    }

    @Operation(summary = "Send the SMS one-time code for a credential (204)")
    @PostMapping("/getChallenge")
    Mono<ResponseEntity<Void>> getChallenge(@io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(mediaType = "application/json",
            examples = @ExampleObject(value = CscExamples.CHALLENGE))) @RequestBody JsonNode body, ServerWebExchange exchange) {
        CscRequest request = new CscRequest(body);
        String credentialId = request.requiredString("credentialID");
        request.optionalString("authObjectID").filter(id -> !id.equalsIgnoreCase("OTP"))
                .ifPresent(id -> { throw CscErrors.invalidParameter("authObjectID"); });
        return authorization.sendChallenge(PlatformPrincipal.of(exchange), credentialId)
                .then(Mono.just(ResponseEntity.noContent().build()));
    }

    @Operation(summary = "CSC v1-style alias of getChallenge (204)")
    @PostMapping("/sendOTP")
    Mono<ResponseEntity<Void>> sendOtp(@io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(mediaType = "application/json",
            examples = @ExampleObject(value = CscExamples.CHALLENGE))) @RequestBody JsonNode body, ServerWebExchange exchange) {
        String credentialId = new CscRequest(body).requiredString("credentialID");
        return authorization.sendChallenge(PlatformPrincipal.of(exchange), credentialId)
                .then(Mono.just(ResponseEntity.noContent().build()));
    }

    @Operation(summary = "Authorize signatures with PIN + SMS code over the given hashes (SCAL2) → SAD")
    @PostMapping("/authorize")
    Mono<Map<String, Object>> authorize(@io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(mediaType = "application/json",
            examples = @ExampleObject(value = CscExamples.AUTHORIZE))) @RequestBody JsonNode body, ServerWebExchange exchange) {
        return authorization.authorize(PlatformPrincipal.of(exchange), authorizeRequest(new CscRequest(body)))
                .map(CredentialsController::sadResponse);
    }

    @Operation(summary = "Replace a SAD by a fresh one with the same grant")
    @PostMapping("/extendTransaction")
    Mono<Map<String, Object>> extendTransaction(@io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(mediaType = "application/json",
            examples = @ExampleObject(value = CscExamples.EXTEND))) @RequestBody JsonNode body, ServerWebExchange exchange) {
        CscRequest request = new CscRequest(body);
        String credentialId = request.requiredString("credentialID");
        String sad = request.requiredString("SAD");
        return authorization.extend(PlatformPrincipal.of(exchange), credentialId, sad).map(CredentialsController::sadResponse);
    }

    private AuthorizeRequest authorizeRequest(CscRequest request) {
        String credentialId = request.requiredString("credentialID");
        int numSignatures = request.requiredInt("numSignatures");
        List<String> hashes = request.stringArray("hashes");
        if (hashes.isEmpty()) {
            throw CscErrors.invalidRequest("Empty hash array (SCAL 2: hashes are required)");
        }
        if (hashes.size() > properties.maxHashes()) {
            throw CscErrors.invalidRequest("Too many hashes: at most " + properties.maxHashes() + " per call");
        }
        DigestAlgorithm hashAlgorithm = DigestAlgorithm.fromOid(request.optionalString("hashAlgorithmOID")
                        .orElseThrow(() -> CscErrors.missingString("hashAlgorithmOID")))
                .orElseThrow(() -> CscErrors.invalidParameter("hashAlgorithmOID"));
        if (numSignatures < 1 || numSignatures < hashes.size()) {
            throw CscErrors.invalidRequest("Invalid value for parameter numSignatures");
        }
        List<String> canonical = CscRequest.canonical(CscRequest.decodeHashes(hashes, hashAlgorithm.digestLength()));
        String pin = request.authValue("PIN").orElseThrow(() -> CscErrors.invalidRequest("Missing authData PIN"));
        String otp = request.authValue("OTP").orElseThrow(() -> CscErrors.invalidRequest("Missing authData OTP"));
        return new AuthorizeRequest(credentialId, numSignatures, hashAlgorithm, canonical, pin, otp);
    }

    private static Map<String, Object> sadResponse(IssuedSad sad) {
        return Map.of("SAD", sad.value(), "expiresIn", sad.expiresIn().toSeconds());
    }
}
