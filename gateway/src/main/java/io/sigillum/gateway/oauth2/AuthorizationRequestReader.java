package io.sigillum.gateway.oauth2;

import com.nimbusds.oauth2.sdk.AuthorizationRequest;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.ResponseMode;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.rar.AuthorizationDetail;
import io.sigillum.gateway.auth.PlatformClient;
import io.sigillum.gateway.auth.PlatformClientRepository;
import io.sigillum.gateway.csc.CscProperties;
import io.sigillum.gateway.csc.wire.CredentialInfo;
import io.sigillum.gateway.oauth2.RequestedAuthorization.CredentialRequest;
import io.sigillum.gateway.oauth2.RequestedAuthorization.DocumentDigest;
import io.sigillum.gateway.web.InputRules;
import io.sigillum.gateway.web.RejectedInputException;
import io.sigillum.signer.InvalidInputException;
import io.sigillum.signer.algorithm.DigestAlgorithm;
import io.sigillum.signer.algorithm.SignatureScheme;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import net.minidev.json.JSONArray;
import net.minidev.json.JSONObject;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads an authorization request (RFC 6749 §4.1.1 with PKCE, RFC 7636) and CSC's credential parameters — either the
 * query parameters {@code credentialID}, {@code numSignatures}, {@code hashes} (base64url, comma separated),
 * {@code hashAlgorithmOID}, {@code description}, or {@code authorization_details} (RFC 9396) of type {@code credential}
 * (CSC 2.0) or {@code https://cloudsignatureconsortium.org/2025/credential} (CSC 2.2). Hash values are accepted in
 * either Base64 alphabet. Nimbus parses the standard parameters; the CSC rules are checked here.
 *
 * <p>Order matters: until the client and its redirect URI are known good, a failure is shown to the holder and sent
 * nowhere (an open redirector is how codes and phishing pages travel); after that, failures go back to the client.
 */
@Component
class AuthorizationRequestReader {

    static final String CSC_2025_CREDENTIAL = "https://cloudsignatureconsortium.org/2025/credential";
    private static final Set<String> CREDENTIAL_TYPES = Set.of("credential", CSC_2025_CREDENTIAL);
    /**
     * The parameters that say where a failure goes: repeated, they leave it unknown (which client, which redirect URI,
     * which state to send back), so the failure is shown to the holder; any other repeated parameter goes back to the
     * client as {@code invalid_request} (RFC 6749 §4.1.2.1).
     */
    private static final Set<String> ADDRESSING = Set.of("client_id", "redirect_uri", "state");
    /** CSC's query form of a credential request (section 8.3.2), which authorization_details replaces. */
    private static final List<String> CREDENTIAL_PARAMETERS = List.of("credentialID", "signatureQualifier", "numSignatures",
            "hashes", "hashAlgorithmOID");
    private static final int MAX_DESCRIPTION = 500;
    private static final int MAX_LABEL = 200;
    /** The longest state sent back: it travels in the redirect URI, whose length browsers and proxies limit. */
    static final int MAX_STATE = 2048;
    /** An S256 challenge is the base64url of a SHA-256 digest, unpadded: 43 characters (RFC 7636 §4.2). */
    private static final Pattern S256_CHALLENGE = Pattern.compile("[A-Za-z0-9_-]{43}");

    private final PlatformClientRepository clients;
    private final CscProperties csc;
    private final JsonMapper json;

    AuthorizationRequestReader(PlatformClientRepository clients, CscProperties csc, JsonMapper json) {
        this.clients = clients;
        this.csc = csc;
        this.json = json;
    }

    /** The request's client, if it exists, is enabled and registered the redirect URI; otherwise an untrusted failure. */
    Mono<PlatformClient> trustedClient(Map<String, List<String>> params) {
        Optional<String> repeated = repeated(params).filter(ADDRESSING::contains);
        if (repeated.isPresent()) {
            return Mono.error(AuthorizationFailure.untrusted("invalid_request", "Parameter " + repeated.get() + " is repeated"));
        }
        try {
            params.forEach((name, values) -> values.forEach(value -> InputRules.requireStoreSafe(name, value)));
        } catch (RejectedInputException rejected) {
            // before the redirect URI is trusted: the holder's error page, not a JSON body in their browser
            return Mono.error(AuthorizationFailure.untrusted("invalid_request", rejected.getMessage()));
        }
        String clientId = first(params, "client_id");
        String redirectUri = first(params, "redirect_uri");
        String state = first(params, "state");
        if (state != null && state.length() > MAX_STATE) {
            // not sent back: a redirect that long is refused by browsers and proxies, the holder would be stranded
            return Mono.error(AuthorizationFailure.untrusted("invalid_request", "state is longer than " + MAX_STATE + " characters"));
        }
        if (clientId == null) {
            return Mono.error(AuthorizationFailure.untrusted("invalid_request", "Missing client_id"));
        }
        return clients.findByClientId(clientId)
                .filter(PlatformClient::enabled)
                .switchIfEmpty(Mono.error(() -> AuthorizationFailure.untrusted("invalid_client", "Unknown client")))
                .flatMap(client -> {
                    if (redirectUri == null) {
                        return Mono.error(AuthorizationFailure.untrusted("invalid_request", "Missing redirect_uri"));
                    }
                    if (!RedirectUris.registered(client.redirectUris(), redirectUri)) {
                        return Mono.error(AuthorizationFailure.untrusted("invalid_request",
                                "The redirect_uri is not registered for this client"));
                    }
                    return Mono.just(client);
                });
    }

    /** A parameter given more than once, the addressing ones first (the first of them that is). */
    private static Optional<String> repeated(Map<String, List<String>> params) {
        Optional<String> addressing = ADDRESSING.stream()
                .filter(name -> params.getOrDefault(name, List.of()).size() > 1).findFirst();
        return addressing.isPresent() ? addressing
                : params.entrySet().stream().filter(param -> param.getValue().size() > 1).map(Map.Entry::getKey).findFirst();
    }

    /** The whole request of a client whose redirect URI is trusted; failures go back to that redirect URI. */
    RequestedAuthorization read(PlatformClient client, Map<String, List<String>> params, String fallbackLang) {
        String redirectUri = first(params, "redirect_uri");
        Optional<String> state = Optional.ofNullable(first(params, "state"));
        Failures fail = new Failures(redirectUri, state);
        repeated(params).ifPresent(name -> {
            throw fail.with("invalid_request", "Parameter " + name + " is repeated");
        });
        requireUnambiguous(first(params, "authorization_details"), fail);
        // before Nimbus parses it (a malformed one would be told in its parser's words)
        if (params.containsKey("request")) {
            throw fail.with("request_not_supported", "Request objects (RFC 9101) are not supported; push the request instead");
        }
        AuthorizationRequest request;
        try {
            request = AuthorizationRequest.parse(params);
        } catch (ParseException e) {
            String error = e.getErrorObject() == null ? "invalid_request" : e.getErrorObject().getCode();
            throw AuthorizationFailure.redirect(error, e.getMessage(), redirectUri, state);
        }
        if (!ResponseType.CODE.equals(request.getResponseType())) {
            throw fail.with("unsupported_response_type", "Only response_type=code is supported");
        }
        if (request.getRequestObject() != null) {
            throw fail.with("request_not_supported", "Request objects (RFC 9101) are not supported; push the request instead");
        }
        if (request.getRequestURI() != null) {
            throw fail.with("invalid_request", "request_uri is only accepted together with client_id, from a pushed request");
        }
        if (request.getResponseMode() != null && !ResponseMode.QUERY.equals(request.getResponseMode())) {
            throw fail.with("invalid_request", "Only response_mode=query is supported");
        }
        if (request.getCodeChallenge() == null) {
            throw fail.with("invalid_request", "PKCE is required: send code_challenge and code_challenge_method=S256");
        }
        if (!CodeChallengeMethod.S256.equals(request.getCodeChallengeMethod())) {
            throw fail.with("invalid_request", "Only the S256 code_challenge_method is accepted");
        }
        if (!S256_CHALLENGE.matcher(request.getCodeChallenge().getValue()).matches()) {
            throw fail.with("invalid_request", "code_challenge must be the base64url SHA-256 of the code_verifier: 43 characters");
        }
        List<AuthorizationDetail> details = request.getAuthorizationDetails() == null ? List.of() : request.getAuthorizationDetails();
        // one credential request, in one of its two forms: the page, the grant and the client must not each read another
        Optional<String> alsoInQuery = CREDENTIAL_PARAMETERS.stream().filter(params::containsKey).findFirst();
        if (!details.isEmpty() && alsoInQuery.isPresent()) {
            throw fail.with("invalid_request", "Send the credential request as authorization_details or as scope=credential "
                    + "parameters, not both (" + alsoInQuery.get() + " beside authorization_details)");
        }
        AuthorizationScope scope = scope(request, details, fail);
        Optional<CredentialRequest> credential = scope == AuthorizationScope.CREDENTIAL
                ? Optional.of(details.isEmpty() ? fromQuery(params, fail) : fromDetails(details, fail.inDetails()))
                : Optional.empty();
        return new RequestedAuthorization(client.id(), client.clientId(), client.name(), redirectUri, state,
                request.getCodeChallenge().getValue(), scope, lang(params, fallbackLang), credential);
    }

    /**
     * The input rules of every JSON body apply to {@code authorization_details} too (Nimbus' own parser takes the last of
     * two equal keys): a repeated key, e.g. two {@code documentDigests}, would let the page and the grant disagree.
     */
    private void requireUnambiguous(@Nullable String details, Failures fail) {
        if (details == null) {
            return;
        }
        JsonNode tree;
        try {
            tree = json.readTree(details);
        } catch (JacksonException e) {
            throw fail.with("invalid_authorization_details", "authorization_details is not JSON, or repeats a key");
        } catch (RejectedInputException rejected) {
            throw fail.with("invalid_authorization_details", rejected.getMessage());
        }
        boolean objects = tree.isArray() && !tree.isEmpty();
        for (JsonNode element : tree) {
            objects &= element.isObject();
        }
        if (!objects) {
            throw fail.with("invalid_authorization_details", "authorization_details must be a JSON array of objects");
        }
        for (JsonNode element : tree) {
            if (!element.path("type").isString()) {
                throw fail.with("invalid_authorization_details", "Every authorization detail needs its type, a string (RFC 9396 §2)");
            }
        }
    }

    private static AuthorizationScope scope(AuthorizationRequest request, List<AuthorizationDetail> details, Failures fail) {
        List<String> scopes = request.getScope() == null ? List.of() : request.getScope().toStringList();
        if (!details.isEmpty()) {
            if (!scopes.isEmpty() && !scopes.equals(List.of("credential"))) {
                throw fail.with("invalid_scope", "authorization_details of type credential go with scope=credential or no scope");
            }
            return AuthorizationScope.CREDENTIAL;
        }
        if (scopes.equals(List.of("service"))) {
            return AuthorizationScope.SERVICE;
        }
        if (scopes.equals(List.of("credential"))) {
            return AuthorizationScope.CREDENTIAL;
        }
        throw fail.with("invalid_scope", "Ask for exactly one scope: service or credential");
    }

    private CredentialRequest fromQuery(Map<String, List<String>> params, Failures fail) {
        String credentialId = credentialId(Optional.ofNullable(first(params, "credentialID")),
                Optional.ofNullable(first(params, "signatureQualifier")), "invalid_request", fail);
        DigestAlgorithm algorithm = algorithm(required(params, "hashAlgorithmOID", fail), fail);
        String hashes = required(params, "hashes", fail);
        List<DocumentDigest> documents = new ArrayList<>();
        for (String hash : hashes.split(",", -1)) {
            documents.add(new DocumentDigest(canonicalHash(hash, algorithm, fail), Optional.empty()));
        }
        int numSignatures = Optional.ofNullable(first(params, "numSignatures")).map(value -> parseCount(value, fail))
                .orElse(documents.size());
        return credentialRequest(credentialId, numSignatures, algorithm, documents, Optional.ofNullable(first(params, "description")),
                Optional.empty(), fail);
    }

    private CredentialRequest fromDetails(List<AuthorizationDetail> details, Failures fail) {
        if (details.size() != 1 || !CREDENTIAL_TYPES.contains(details.get(0).getType().getValue())) {
            throw fail.with("invalid_authorization_details", "Send exactly one authorization detail of type credential or "
                    + CSC_2025_CREDENTIAL);
        }
        JSONObject detail = details.get(0).toJSONObject();
        String credentialId = credentialId(detailString(detail, "credentialID", fail),
                detailString(detail, "signatureQualifier", fail), "invalid_authorization_details", fail);
        DigestAlgorithm algorithm = algorithm(detailString(detail, "hashAlgorithmOID", fail)
                .orElseThrow(() -> fail.with("invalid_authorization_details", "The authorization detail needs hashAlgorithmOID")), fail);
        if (!(detail.get("documentDigests") instanceof List<?> digests) || digests.isEmpty()) {
            throw fail.with("invalid_authorization_details", "The authorization detail needs documentDigests");
        }
        List<DocumentDigest> documents = new ArrayList<>();
        for (Object item : digests) {
            if (!(item instanceof Map<?, ?> digest) || !(digest.get("hash") instanceof String hash)) {
                throw fail.with("invalid_authorization_details", "Every documentDigests entry needs a hash string");
            }
            if (digest.get("hashType") instanceof String hashType && !hashType.equals("SDR") && !hashType.equals("DTBSR")) {
                throw fail.with("invalid_authorization_details", "hashType must be SDR or DTBSR");
            }
            Object labelValue = digest.get("label");
            if (labelValue != null && !(labelValue instanceof String)) {
                throw fail.with("invalid_authorization_details", "A document label must be a string");
            }
            Optional<String> label = Optional.ofNullable((String) labelValue);
            if (label.filter(text -> text.length() > MAX_LABEL).isPresent()) {
                throw fail.with("invalid_authorization_details", "A document label is longer than " + MAX_LABEL + " characters");
            }
            // the holder reads the labels on the page where they approve: each must show what it says
            if (label.filter(text -> !InputRules.showsAsWritten(text)).isPresent()) {
                throw fail.with("invalid_authorization_details", "A document label must not contain control or formatting "
                        + "characters");
            }
            documents.add(new DocumentDigest(canonicalHash(hash, algorithm, fail), label));
        }
        Object count = detail.get("numSignatures");
        if (count != null && !(count instanceof Integer || count instanceof Long)) {
            throw fail.with("invalid_authorization_details", "numSignatures must be an integer");
        }
        long asked = count == null ? documents.size() : ((Number) count).longValue();
        if (asked < 1 || asked > Integer.MAX_VALUE) {
            throw fail.with("invalid_authorization_details", "Invalid value for parameter numSignatures");
        }
        int numSignatures = (int) asked;
        return credentialRequest(credentialId, numSignatures, algorithm, documents, detailString(detail, "description", fail),
                Optional.of(JSONArray.toJSONString(List.of(detail))), fail)
                .withSignAlgorithm(signAlgorithm(detail, algorithm, fail).map(scheme -> scheme.algorithm().oid()));
    }

    /**
     * The signature algorithm a CSC 2.2 detail names ({@code signAlgo}, with {@code signAlgoParams} for RSASSA-PSS), checked
     * against its hash algorithm as signHash checks them: what the holder approves must be something that can be signed.
     */
    private static Optional<SignatureScheme> signAlgorithm(JSONObject detail, DigestAlgorithm hash, Failures fail) {
        Optional<String> signAlgo = detailString(detail, "signAlgo", fail);
        if (signAlgo.isEmpty()) {
            return Optional.empty();
        }
        Optional<byte[]> params;
        try {
            params = detailString(detail, "signAlgoParams", fail).map(Base64.getDecoder()::decode);
        } catch (IllegalArgumentException notBase64) {
            throw fail.with("invalid_authorization_details", "signAlgoParams is not Base64");
        }
        try {
            return Optional.of(SignatureScheme.resolve(signAlgo.get(), Optional.of(hash.oid()), params));
        } catch (InvalidInputException refused) {
            throw fail.with("invalid_authorization_details", "Invalid signAlgo: " + refused.getMessage());
        }
    }

    /**
     * The credential a request names: by {@code credentialID}, or by CSC's {@code signatureQualifier} instead (the one
     * this service's credentials have), in which case the holder's sign-in chooses it and this is empty.
     */
    private static String credentialId(Optional<String> credentialId, Optional<String> qualifier, String error, Failures fail) {
        if (qualifier.isPresent() && !qualifier.get().equals(CredentialInfo.QUALIFIED)) {
            throw fail.with(error, "Unsupported signatureQualifier: this service's credentials are " + CredentialInfo.QUALIFIED);
        }
        if (credentialId.isPresent()) {
            if (credentialId.get().isBlank() || credentialId.get().length() > 255) {
                throw fail.with(error, "Invalid parameter credentialID");
            }
            return credentialId.get();
        }
        if (qualifier.isEmpty()) {
            throw fail.with(error, "Missing credentialID or signatureQualifier (one is required with scope=credential)");
        }
        return "";
    }

    private CredentialRequest credentialRequest(String credentialId, int numSignatures, DigestAlgorithm algorithm,
            List<DocumentDigest> documents, Optional<String> description, Optional<String> details, Failures fail) {
        if (documents.size() > csc.maxHashes()) {
            throw fail.with("invalid_request", "Too many hashes: at most " + csc.maxHashes());
        }
        if (numSignatures < 1 || numSignatures < documents.size()) {
            throw fail.with("invalid_request", "Invalid value for parameter numSignatures");
        }
        if (description.filter(text -> text.length() > MAX_DESCRIPTION).isPresent()) {
            throw fail.with("invalid_request", "description is longer than " + MAX_DESCRIPTION + " characters");
        }
        if (description.filter(text -> !InputRules.showsAsWritten(text)).isPresent()) {
            throw fail.with("invalid_request", "description must not contain control or formatting characters");
        }
        return new CredentialRequest(credentialId, numSignatures, algorithm.oid(), documents, description, details,
                Optional.empty());
    }

    /** A hash in standard or URL-safe Base64 (padded or not), as the canonical standard Base64 the SAD store binds. */
    private static String canonicalHash(String value, DigestAlgorithm algorithm, Failures fail) {
        byte[] digest;
        try {
            String standard = value.trim().replace('-', '+').replace('_', '/');
            digest = Base64.getDecoder().decode(standard + "=".repeat((4 - standard.length() % 4) % 4));
        } catch (IllegalArgumentException e) {
            throw fail.with("invalid_request", "Invalid Base64 hash string parameter");
        }
        if (digest.length != algorithm.digestLength()) {
            throw fail.with("invalid_request", "Invalid digest value length");
        }
        return Base64.getEncoder().encodeToString(digest);
    }

    private static DigestAlgorithm algorithm(String oid, Failures fail) {
        return DigestAlgorithm.fromOid(oid).orElseThrow(() -> fail.with("invalid_request", "Invalid parameter hashAlgorithmOID"));
    }

    private static int parseCount(String value, Failures fail) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw fail.with("invalid_request", "Invalid value for parameter numSignatures");
        }
    }

    private static Optional<String> detailString(JSONObject detail, String name, Failures fail) {
        Object value = detail.get(name);
        if (value == null) {
            return Optional.empty();
        }
        if (!(value instanceof String text)) {
            throw fail.with("invalid_authorization_details", name + " must be a string");
        }
        try {
            return Optional.of(InputRules.requireStoreSafe(name, text));
        } catch (RejectedInputException rejected) {
            throw fail.with("invalid_authorization_details", rejected.getMessage());
        }
    }

    private static String required(Map<String, List<String>> params, String name, Failures fail) {
        String value = first(params, name);
        if (value == null || value.isBlank()) {
            throw fail.with("invalid_request", "Missing " + name + " (required with scope=credential)");
        }
        return value;
    }

    /** {@code lang} or {@code ui_locales} when Polish or English, else {@code fallback}. */
    static String lang(Map<String, List<String>> params, String fallback) {
        for (String name : List.of("lang", "ui_locales")) {
            String value = first(params, name);
            if (value != null) {
                for (String tag : value.split("[\\s,]+")) {
                    String language = tag.split("[-_]")[0].toLowerCase(java.util.Locale.ROOT);
                    if (language.equals("pl") || language.equals("en")) {
                        return language;
                    }
                }
            }
        }
        return fallback;
    }

    private static @Nullable String first(Map<String, List<String>> params, String name) {
        List<String> values = params.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    /**
     * Failures of a request whose redirect URI is trusted: they go back to it, with the state. Those of the values in an
     * authorization detail are all {@code invalid_authorization_details} (RFC 9396 §5), where the same value sent as a
     * query parameter is {@code invalid_request}.
     */
    private record Failures(String redirectUri, Optional<String> state, boolean ofDetail) {

        Failures(String redirectUri, Optional<String> state) {
            this(redirectUri, state, false);
        }

        Failures inDetails() {
            return new Failures(redirectUri, state, true);
        }

        AuthorizationFailure with(String error, String description) {
            return AuthorizationFailure.redirect(ofDetail && error.equals("invalid_request") ? "invalid_authorization_details" : error,
                    description, redirectUri, state);
        }
    }
}
