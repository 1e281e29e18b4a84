package io.sigillum.gateway.oauth2;

import io.sigillum.gateway.account.AccountService;
import io.sigillum.gateway.credential.CodeTexts;
import io.sigillum.gateway.credential.Credential;
import io.sigillum.gateway.csc.CredentialAuthorization;
import io.sigillum.gateway.csc.HolderCheck;
import io.sigillum.gateway.oauth2.AuthorizationStore.AuthorizationSession;
import io.sigillum.gateway.oauth2.AuthorizationStore.IssuedCode;
import io.sigillum.gateway.oauth2.RequestedAuthorization.CredentialRequest;
import io.sigillum.gateway.otp.OtpChallenges;
import io.sigillum.gateway.otp.OtpProperties;
import io.sigillum.gateway.sad.SadGrant;
import io.sigillum.gateway.secret.Randomness;
import io.sigillum.gateway.web.ApiException;
import io.sigillum.gateway.web.ErrorDescriptions;
import io.sigillum.gateway.web.PageTexts;
import io.sigillum.gateway.web.PublicBaseUrl;
import io.sigillum.gateway.web.RejectedInputException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.media.SchemaProperty;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.reactive.result.view.Rendering;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.util.UriUtils;
import reactor.core.publisher.Mono;

/**
 * The QTSP's own authorization page (CSC §8.3, the holder's sole control under EN 419 241-1): the platform sends the
 * holder here; for {@code scope=credential} the holder reads what is to be signed and gives PIN and SMS code to us,
 * never to the platform; for {@code scope=service} the holder signs in with their account. The platform gets back only a
 * single-use code (RFC 6749 §4.1.2), which with its PKCE verifier becomes a token.
 *
 * <p>Server-rendered, no JavaScript. The page's session is in Redis, tied to a browser cookie (HttpOnly, SameSite=Lax,
 * Secure under TLS) and every form post carries its CSRF token; the page may not be framed, cached or leak a referrer.
 * Same rules as explicit mode (three tries per SMS code, PIN lockout shared, resend cooldown and rate limits).
 */
@Controller
@Tag(name = "OAuth2", description = "Access tokens for platforms")
class AuthorizationPageController {

    /** The longest e-mail address (RFC 5321 §4.5.3.1.3's path, less its brackets), as the form's maxlength says. */
    private static final int MAX_EMAIL = 254;
    /** The exchange attribute that holds the posted form's action. */
    private static final String ACTION = AuthorizationPageController.class.getName() + ".action";
    /** How long a post whose code another post of the page spent waits for that post's answer: 10 × 100 ms. */
    private static final int ENDING_POLLS = 10;
    /** The same for a post that finds the session closed already: 3 × 100 ms, before the page is told it expired. */
    private static final int EXPIRED_POLLS = 3;
    private static final Duration ENDING_POLL = Duration.ofMillis(100);

    private final AuthorizationRequestReader reader;
    private final AuthorizationStore store;
    private final CredentialAuthorization authorization;
    private final CredentialRequests credentialRequests;
    private final AccountService accounts;
    private final AuthorizationPageTexts texts;
    private final OtpProperties otp;
    private final CodeTexts codeTexts;
    private final PublicBaseUrl publicUrl;
    private final Clock clock;

    AuthorizationPageController(AuthorizationRequestReader reader, AuthorizationStore store, CredentialAuthorization authorization,
            CredentialRequests credentialRequests, AccountService accounts, AuthorizationPageTexts texts, OtpProperties otp,
            CodeTexts codeTexts, PublicBaseUrl publicUrl, Clock clock) {
        this.publicUrl = publicUrl;
        this.codeTexts = codeTexts;
        this.reader = reader;
        this.store = store;
        this.authorization = authorization;
        this.credentialRequests = credentialRequests;
        this.accounts = accounts;
        this.texts = texts;
        this.otp = otp;
        this.clock = clock;
    }

    @Operation(summary = "Authorization endpoint: the holder's page (RFC 6749 §4.1.1, PKCE S256 required)",
            description = "response_type=code, client_id, redirect_uri (registered), code_challenge + code_challenge_method=S256, "
                    + "state, scope=service|credential with CSC's credentialID, numSignatures, hashes (base64url, comma "
                    + "separated), hashAlgorithmOID, description — or authorization_details (RFC 9396) of type credential / "
                    + "https://cloudsignatureconsortium.org/2025/credential — or client_id + request_uri from "
                    + "/oauth2/pushed_authorize. lang=pl|en.",
            parameters = {
                @Parameter(in = ParameterIn.QUERY, name = "response_type", schema = @Schema(allowableValues = "code")),
                @Parameter(in = ParameterIn.QUERY, name = "client_id", required = true),
                @Parameter(in = ParameterIn.QUERY, name = "redirect_uri", description = "One the client registered"),
                @Parameter(in = ParameterIn.QUERY, name = "code_challenge", description = "PKCE (RFC 7636)"),
                @Parameter(in = ParameterIn.QUERY, name = "code_challenge_method", schema = @Schema(allowableValues = "S256")),
                @Parameter(in = ParameterIn.QUERY, name = "state"),
                @Parameter(in = ParameterIn.QUERY, name = "scope", schema = @Schema(allowableValues = {"service", "credential"})),
                @Parameter(in = ParameterIn.QUERY, name = "authorization_details", description = "RFC 9396, JSON"),
                @Parameter(in = ParameterIn.QUERY, name = "credentialID"),
                @Parameter(in = ParameterIn.QUERY, name = "numSignatures", schema = @Schema(type = "integer", minimum = "1")),
                @Parameter(in = ParameterIn.QUERY, name = "hashes", description = "base64url, comma separated"),
                @Parameter(in = ParameterIn.QUERY, name = "hashAlgorithmOID"),
                @Parameter(in = ParameterIn.QUERY, name = "description"),
                @Parameter(in = ParameterIn.QUERY, name = "request_uri", description = "From /oauth2/pushed_authorize (RFC 9126)"),
                @Parameter(in = ParameterIn.QUERY, name = "lang", schema = @Schema(allowableValues = {"pl", "en"}))},
            responses = {
                @ApiResponse(responseCode = "200", description = "The holder's page",
                        content = @Content(mediaType = MediaType.TEXT_HTML_VALUE, schema = @Schema(type = "string"))),
                @ApiResponse(responseCode = "302", description = "Back to the client's redirect_uri with error and state "
                        + "(RFC 6749 §4.1.2.1)", content = @Content)})
    @GetMapping("/oauth2/authorize")
    Mono<Rendering> authorize(ServerWebExchange exchange) {
        Map<String, List<String>> params = new HashMap<>(exchange.getRequest().getQueryParams());
        String browser = lang(exchange);
        // lang (or ui_locales) on this URL chooses the page's language, also for a pushed request; then the request's, then
        // the browser's
        String asked = AuthorizationRequestReader.lang(params, "");
        String lang = asked.isEmpty() ? browser : asked;
        boolean pushed = params.containsKey("request_uri");
        Mono<RequestedAuthorization> request = pushed ? pushed(params)
                : reader.trustedClient(params).map(client -> reader.read(client, params, lang));
        Optional<String> requestUri = pushed ? Optional.ofNullable(first(params, "request_uri")) : Optional.empty();
        return request.flatMap(requested -> open(exchange, asked.isEmpty() ? requested.inLanguage(browser)
                        : requested.withLanguage(asked), requestUri))
                .onErrorResume(AuthorizationFailure.class, failure -> reloaded(exchange, params)
                        .switchIfEmpty(Mono.defer(() -> failed(exchange, failure, lang))));
    }

    /**
     * A pushed request's URL loaded again by the browser that opened its page (a reload or the back button: RFC 9126 §4
     * lets a request URI serve such a duplicate) shows the page as it stands, while its session is open. Another browser
     * gets the error of a used request URI, as before.
     */
    private Mono<Rendering> reloaded(ServerWebExchange exchange, Map<String, List<String>> params) {
        String clientId = first(params, "client_id");
        String requestUri = first(params, "request_uri");
        if (clientId == null || requestUri == null || params.get("request_uri").size() > 1 || params.get("client_id").size() > 1) {
            return Mono.empty();
        }
        return store.opened(requestUri, clientId)
                .filter(session -> PageGuard.sameBrowser(exchange, session))
                .flatMap(session -> page(exchange, session, Optional.empty(), false));
    }

    /**
     * A HEAD of the authorization URL (a link checker, a browser's prefetch) is safe (RFC 9110 §9.2.1): it answers with
     * the page's headers and neither takes a pushed request nor opens a session, so the holder's GET still finds them.
     */
    @Operation(hidden = true)
    @RequestMapping(path = "/oauth2/authorize", method = RequestMethod.HEAD)
    @ResponseBody
    Mono<ResponseEntity<Void>> authorizeHead(ServerWebExchange exchange) {
        PageGuard.protect(exchange.getResponse(), Optional.empty());
        return Mono.just(ResponseEntity.ok().contentType(MediaType.TEXT_HTML).build());
    }

    @Operation(summary = "The page's form: send the SMS code, approve with PIN + code, sign in, or cancel",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = @Content(
                    mediaType = MediaType.APPLICATION_FORM_URLENCODED_VALUE, schema = @Schema(type = "object",
                            requiredProperties = {"session", "csrf_token", "action"}),
                    schemaProperties = {
                            @SchemaProperty(name = "session", schema = @Schema(type = "string")),
                            @SchemaProperty(name = "csrf_token", schema = @Schema(type = "string")),
                            @SchemaProperty(name = "action", schema = @Schema(allowableValues = {"login", "send", "approve", "cancel"})),
                            @SchemaProperty(name = "email", schema = @Schema(description = "login")),
                            @SchemaProperty(name = "password", schema = @Schema(description = "login")),
                            @SchemaProperty(name = "pin", schema = @Schema(description = "approve")),
                            @SchemaProperty(name = "code", schema = @Schema(description = "approve: the SMS code"))})),
            responses = {
                @ApiResponse(responseCode = "200", description = "The page again (a code sent, a message)",
                        content = @Content(mediaType = MediaType.TEXT_HTML_VALUE, schema = @Schema(type = "string"))),
                @ApiResponse(responseCode = "303", description = "Back to the client's redirect_uri with code and state, or "
                        + "error and state", content = @Content)})
    @PostMapping(path = "/oauth2/authorize/confirm", consumes = "application/x-www-form-urlencoded")
    Mono<Rendering> confirm(ServerWebExchange exchange) {
        return OAuth2Forms.read(exchange).flatMap(form -> {
            try {
                ClientAuthentication.checkForm(form);
            } catch (ApiException | RejectedInputException refused) {
                // a browser's post: the page's error page, not a JSON body
                return errorPage(exchange, HttpStatus.BAD_REQUEST, lang(exchange),
                        texts.format(lang(exchange), "error.request"), Optional.of(refused.getMessage()));
            }
            String sessionId = Optional.ofNullable(form.getFirst("session")).orElse("");
            exchange.getAttributes().put(ACTION, Optional.ofNullable(form.getFirst("action")).orElse(""));
            return store.session(sessionId)
                    .flatMap(session -> PageGuard.genuine(exchange, session, form)
                            ? act(exchange, session, form)
                            : errorPage(exchange, HttpStatus.FORBIDDEN, session.request().lang(),
                                    texts.format(session.request().lang(),
                                            PageGuard.cookieSent(exchange) ? "error.forbidden" : "error.noCookie")))
                    .switchIfEmpty(Mono.defer(() -> sentAgainOrExpired(exchange, sessionId, lang(exchange))));
        });
    }

    /**
     * A post for a session that has ended: from the browser it ended for, lately (a double click whose first answer the
     * browser dropped), it is sent where the first post sent it; otherwise the page has expired.
     */
    private Mono<Rendering> sentAgainOrExpired(ServerWebExchange exchange, String sessionId, String lang) {
        // a post racing the one that ended the session may find it closed before that post recorded where it went
        return whereEnded(exchange, sessionId, EXPIRED_POLLS).flatMap(target -> redirect(exchange, target))
                .switchIfEmpty(Mono.defer(() -> errorPage(exchange, HttpStatus.BAD_REQUEST, lang,
                        texts.format(lang, "error.expired"))));
    }

    /**
     * The post that ended the session sends the browser to {@code target}; a repeat of a post of this page is sent there
     * too ({@link #sentAgainOrExpired}).
     */
    private Mono<Rendering> ended(ServerWebExchange exchange, AuthorizationSession session, URI target) {
        return store.rememberEnd(session.id(), session.browser(), action(exchange), target).then(redirect(exchange, target));
    }

    /** The action of the form posted (login, send, approve, cancel); empty on a page opened by GET. */
    private static String action(ServerWebExchange exchange) {
        return exchange.getAttributeOrDefault(ACTION, "");
    }

    private Mono<RequestedAuthorization> pushed(Map<String, List<String>> params) {
        String clientId = first(params, "client_id");
        String requestUri = first(params, "request_uri");
        if (clientId == null || requestUri == null || params.get("request_uri").size() > 1 || params.get("client_id").size() > 1) {
            return Mono.error(AuthorizationFailure.untrusted("invalid_request", "Send one client_id and one request_uri"));
        }
        return store.takePushed(requestUri, clientId)
                .switchIfEmpty(Mono.error(() -> AuthorizationFailure.untrusted("invalid_request_uri",
                        "The request_uri is unknown, expired, already used or not this client's")));
    }

    /**
     * Checks what the request names can be done now, then opens the holder's session and shows the page. A credential
     * request that reached the page through a pushed request came from the client itself, authenticated; one in the URL
     * may come from anyone who knows a client's id and a credential's, so its page asks the holder to sign in before it
     * names them, shows their phone or sends them a code (which would spend their codes' limits for every platform).
     */
    private Mono<Rendering> open(ServerWebExchange exchange, RequestedAuthorization requested, Optional<String> requestUri) {
        boolean pushed = requestUri.isPresent();
        // a request by signature qualifier names no credential: the holder's sign-in chooses one of theirs
        boolean signInNeeded = requested.scope() == AuthorizationScope.SERVICE || !pushed
                || requested.credential().filter(CredentialRequest::byQualifier).isPresent();
        // before the sign-in, not even whether the credential exists or can sign is told: it is checked once the holder
        // has signed in
        Mono<Optional<Credential>> credential = signInNeeded ? Mono.just(Optional.empty()) : requested.credential()
                .map(wanted -> credentialRequests.usable(requested, wanted).map(Optional::of))
                .orElseGet(() -> Mono.just(Optional.empty()));
        return credential.flatMap(found -> {
            String browser = PageGuard.browserCookie(exchange, publicUrl.secure(exchange));
            AuthorizationSession session = new AuthorizationSession(Randomness.hex(32), requested, PageGuard.hash(browser),
                    Randomness.hex(32), false, found.map(AuthorizationPageController::holderName),
                    found.map(c -> maskPhone(c.phone())), signInNeeded);
            return store.saveSession(session)
                    .then(requestUri.map(uri -> store.rememberOpened(uri, session.id())).orElseGet(Mono::empty))
                    .then(page(exchange, session, Optional.empty(), false));
        });
    }

    private Mono<Rendering> act(ServerWebExchange exchange, AuthorizationSession session, MultiValueMap<String, String> form) {
        String action = Optional.ofNullable(form.getFirst("action")).orElse("");
        RequestedAuthorization requested = session.request();
        boolean service = requested.scope() == AuthorizationScope.SERVICE;
        return switch (action) {
            case "cancel" -> store.closeSession(session.id()).flatMap(closed -> closed
                    ? ended(exchange, session, errorUri(exchange, requested, "access_denied", "The holder cancelled"))
                    : closedByAnother(exchange, session));
            case "login" -> session.signInNeeded() ? login(exchange, session, form) : unknownAction(exchange, session);
            case "send" -> session.signInNeeded() ? unknownAction(exchange, session) : sendCode(exchange, session);
            case "approve" -> session.signInNeeded() ? unknownAction(exchange, session) : approve(exchange, session, form);
            default -> unknownAction(exchange, session);
        };
    }

    private Mono<Rendering> login(ServerWebExchange exchange, AuthorizationSession session, MultiValueMap<String, String> form) {
        String lang = session.request().lang();
        String email = form.getFirst("email");
        String password = form.getFirst("password");
        // the address typed stays in the form after a refusal (WCAG 3.3.7): only the password is typed again
        Optional<String> typed = Optional.ofNullable(email).filter(address -> address.length() <= MAX_EMAIL);
        if (email == null || password == null || email.isBlank() || password.isEmpty()) {
            return page(exchange, session, Optional.of(texts.format(lang, "msg.missingLogin")), true, typed);
        }
        boolean service = session.request().scope() == AuthorizationScope.SERVICE;
        // from here the password is checked: a change of it from now on outdates the code this sign-in may give
        long checkedFrom = clock.millis();
        return accounts.authenticate(email, password)
                .flatMap(signer -> service ? finish(exchange, session, new IssuedCode(session.request(),
                        Optional.of(signer.cscUserId()), Optional.empty(), 0, checkedFrom)) : holderSignedIn(exchange, session, signer))
                .onErrorResume(ApiException.class, refused -> refused.status().is5xxServerError()
                        ? page(exchange, session, Optional.of(texts.format(lang, "msg.unavailable")), true, typed)
                        : page(exchange, session, Optional.of(refused.status() == HttpStatus.TOO_MANY_REQUESTS
                                ? texts.format(lang, "msg.accountLocked", minutesOf(refused.retryAfter()))
                                : badLogin(lang, refused)), true, typed));
    }

    /** A wrong password, with the tries left before the account locks (as the PIN's are told). */
    private String badLogin(String lang, ApiException refused) {
        return refused.properties().get("attemptsLeft") instanceof Integer left && left > 0
                ? texts.format(lang, "msg.badLogin", left) : texts.format(lang, "msg.badLoginLocked");
    }

    /**
     * A credential request's page once someone signed in: the holder goes on to their code, if the credential can sign
     * and allows the signatures asked for; anyone else, and anyone at all when the client named no credential of theirs,
     * is told the certificate is not theirs and may sign in again (the credential stays unnamed to them). A request by
     * signature qualifier takes the first of the holder's credentials linked to the platform that can sign now.
     */
    private Mono<Rendering> holderSignedIn(ServerWebExchange exchange, AuthorizationSession session, AccountService.Signer signer) {
        RequestedAuthorization asked = session.request();
        CredentialRequest wanted = asked.credential().orElseThrow();
        List<String> signerIds = List.of(signer.cscUserId(), signer.account().id().toString());
        // the holder's credential, and only if it can sign now (one that cannot is refused below: as on approving)
        Mono<Credential> usable = wanted.byQualifier()
                ? authorization.heldBy(asked.platformId(), signerIds)
                        .concatMap(candidate -> authorization.usable(asked.platformId(), candidate.id())
                                .onErrorResume(ApiException.class, refused -> refused.status().is4xxClientError()
                                        ? Mono.empty() : Mono.error(refused)))
                        .next()
                : authorization.linked(asked.platformId(), wanted.credentialId())
                        .filter(credential -> signerIds.contains(credential.userId()))
                        .flatMap(held -> authorization.usable(asked.platformId(), held.id()));
        return usable
                .flatMap(found -> {
                    RequestedAuthorization requested = asked.withCredentialId(found.id());
                    return CredentialRequests.fitting(requested, found).flatMap(credential -> {
                        AuthorizationSession signedIn = session.withRequest(requested)
                                .withHolderSignedIn(holderName(credential), maskPhone(credential.phone()),
                                        PageGuard.hash(PageGuard.newBrowserCookie(exchange, publicUrl.secure(exchange))),
                                        Randomness.hex(32));
                        return store.updateSession(signedIn).flatMap(open -> open
                                ? page(exchange, signedIn, Optional.empty(), false) : closedMeanwhile(exchange, asked.lang()));
                    });
                })
                .switchIfEmpty(Mono.defer(() -> page(exchange, session,
                        Optional.of(texts.format(asked.lang(), "msg.notHolder")), true)))
                .onErrorResume(AuthorizationFailure.class, failure -> closedFailing(exchange, session, failure))
                // the credential can no longer sign (locked, revoked, unlinked since the page opened): as on approving
                .onErrorResume(ApiException.class, refused -> refused.status().is5xxServerError()
                        ? page(exchange, session, Optional.of(texts.format(asked.lang(), "msg.unavailable")), true)
                        : deny(exchange, session, refused.getMessage()));
    }

    private Mono<Rendering> sendCode(ServerWebExchange exchange, AuthorizationSession session) {
        RequestedAuthorization requested = session.request();
        String lang = requested.lang();
        return authorization.usable(requested.platformId(), requested.credential().orElseThrow().credentialId())
                // in the page's language: the holder reads the text while looking at the page
                .flatMap(credential -> authorization.sendCode(credential, codeAudience(session), requested.platformName(),
                        Locale.forLanguageTag(lang)))
                .then(Mono.defer(() -> {
                    AuthorizationSession sent = session.withCodeSent();
                    String sentText = texts.format(lang, "msg.sent", session.phone().orElse(""),
                            codeTexts.lifetime(Locale.forLanguageTag(lang), otp.ttl()));
                    return store.updateSession(sent).flatMap(open -> open
                            ? page(exchange, sent, Optional.of(sentText), false) : closedMeanwhile(exchange, lang));
                }))
                .onErrorResume(ApiException.class, refused -> switch (refused.status().value()) {
                    case 429 -> page(exchange, session, Optional.of(texts.format(lang,
                            refused.code().equals(OtpChallenges.RECENTLY_SENT) ? "msg.cooldown" : "msg.tooManyCodes",
                            codeTexts.wait(Locale.forLanguageTag(lang), refused.retryAfter().orElse(Duration.ofSeconds(1))))), true);
                    case 503 -> page(exchange, session, Optional.of(texts.format(lang, "msg.unavailable")), true);
                    default -> deny(exchange, session, refused.getMessage());
                });
    }

    /**
     * Whom a page's SMS code is for: this page, showing this request, of this platform. A code sent on one page is wrong
     * on another (another document, another browser), as the holder read it for the page in front of them.
     */
    private static String codeAudience(AuthorizationSession session) {
        return session.request().clientId() + " page " + session.id();
    }

    private Mono<Rendering> approve(ServerWebExchange exchange, AuthorizationSession session, MultiValueMap<String, String> form) {
        RequestedAuthorization requested = session.request();
        CredentialRequest wanted = requested.credential().orElseThrow();
        String lang = requested.lang();
        String pin = form.getFirst("pin");
        String code = form.getFirst("code");
        if (pin == null || code == null || pin.isEmpty() || code.isBlank()) {
            return page(exchange, session, Optional.of(texts.format(lang, "msg.missing")), true);
        }
        SadGrant grant = new SadGrant(requested.platformId(), wanted.credentialId(), wanted.hashAlgorithmOid(),
                wanted.numSignatures(), wanted.hashes(), wanted.signAlgorithmOid());
        return authorization.usable(requested.platformId(), wanted.credentialId())
                .flatMap(credential -> CredentialRequests.fitting(requested, credential))
                .flatMap(credential -> authorization.checkHolder(requested.clientId(), codeAudience(session), credential, grant,
                        pin, code.strip())
                        .flatMap(check -> switch (check) {
                            case HolderCheck.Verified verified -> authorization.grant(requested.clientId(), credential, grant,
                                            "OK oauth2code")
                                    .flatMap(sad -> finish(exchange, session, new IssuedCode(requested, Optional.empty(),
                                            Optional.of(sad.id()), clock.millis() + sad.expiresIn().toMillis(), 0)));
                            case HolderCheck.WrongCode wrong -> page(exchange, session,
                                    Optional.of(texts.format(lang, "msg.wrongCode", wrong.attemptsLeft())), true);
                            // the code was spent by this page's own approval, posted a moment before (a double
                            // click): that approval's answer, not "no valid code"
                            case HolderCheck.NoValidCode none -> endedMeanwhile(exchange, session)
                                    .switchIfEmpty(Mono.defer(() -> page(exchange, session,
                                            Optional.of(texts.format(lang, "msg.noCode")), true)));
                            case HolderCheck.WrongPin wrong -> page(exchange, session,
                                    Optional.of(texts.format(lang, "msg.wrongPin", wrong.attemptsLeft())), true);
                            case HolderCheck.Locked locked -> lockedNow(exchange, session);
                        }))
                .onErrorResume(AuthorizationFailure.class, failure -> closedFailing(exchange, session, failure))
                .onErrorResume(ApiException.class, refused -> refused.status().is5xxServerError()
                        ? page(exchange, session, Optional.of(texts.format(lang, "msg.unavailable")), true)
                        : deny(exchange, session, refused.getMessage()));
    }

    /** The approval is done: a code for the platform, the page's session closed, the holder sent back. */
    private Mono<Rendering> finish(ServerWebExchange exchange, AuthorizationSession session, IssuedCode issued) {
        RequestedAuthorization requested = session.request();
        // the session closed first, so that posts of one page racing each other get one code between them
        return store.closeSession(session.id()).flatMap(closed -> closed
                ? store.issueCode(issued).flatMap(code -> ended(exchange, session, codeUri(exchange, requested, code)))
                : closedByAnother(exchange, session));
    }

    /** Another post of this page ended the session while this one ran: where it sent this browser, else expired. */
    private Mono<Rendering> closedByAnother(ServerWebExchange exchange, AuthorizationSession session) {
        String lang = session.request().lang();
        return endedMeanwhile(exchange, session).switchIfEmpty(Mono.defer(() -> errorPage(exchange, HttpStatus.BAD_REQUEST,
                lang, texts.format(lang, "error.expired"))));
    }

    /**
     * Where this browser was sent, if the session ended while this post ran: the post that ended it may still be issuing
     * its code, so it is waited for a little (a second at most).
     */
    private Mono<Rendering> endedMeanwhile(ServerWebExchange exchange, AuthorizationSession session) {
        return store.session(session.id()).hasElement().flatMap(open -> open ? Mono.<Rendering>empty()
                : whereEnded(exchange, session.id(), ENDING_POLLS).flatMap(target -> redirect(exchange, target)));
    }

    /** Where the session sent this browser for this action, looked for {@code polls} more times, 100 ms apart. */
    private Mono<URI> whereEnded(ServerWebExchange exchange, String sessionId, int polls) {
        return store.ended(sessionId, PageGuard.sentBrowser(exchange), action(exchange))
                .repeatWhenEmpty(polls, ticks -> ticks.delayElements(ENDING_POLL))
                .onErrorResume(IllegalStateException.class, notEnded -> Mono.empty());
    }

    /** The code, the client's state if it sent one (RFC 6749 §4.1.2) and the issuer (RFC 9207 §2). */
    private URI codeUri(ServerWebExchange exchange, RequestedAuthorization requested, String code) {
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("code", code);
        requested.state().ifPresent(state -> parameters.put("state", state));
        parameters.put("iss", publicUrl.base(exchange));
        return withParameters(requested.redirectUri(), parameters);
    }

    /**
     * The registered redirect URI exactly as registered (its query, percent-encoding included, kept: RFC 6749 §3.1.2),
     * with the response's parameters added to its query, each value percent-encoded once, strictly (a "+" too, which a
     * form decoder reads as a space).
     */
    static URI withParameters(String redirectUri, Map<String, String> parameters) {
        // a fragment (RFC 6749 §3.1.2 allows none; a client's registration might still carry one) stays last
        int hash = redirectUri.indexOf('#');
        String beforeFragment = hash < 0 ? redirectUri : redirectUri.substring(0, hash);
        StringBuilder uri = new StringBuilder(beforeFragment);
        char separator = beforeFragment.indexOf('?') < 0 ? '?' : '&';
        for (Map.Entry<String, String> parameter : parameters.entrySet()) {
            uri.append(separator).append(parameter.getKey()).append('=')
                    .append(UriUtils.encode(parameter.getValue(), StandardCharsets.UTF_8));
            separator = '&';
        }
        return URI.create(uri.append(hash < 0 ? "" : redirectUri.substring(hash)).toString());
    }

    /** A request the credential cannot take (more signatures than it allows): the client's error, sent to the client. */
    private Mono<Rendering> closedFailing(ServerWebExchange exchange, AuthorizationSession session, AuthorizationFailure failure) {
        return store.closeSession(session.id()).then(failed(exchange, failure, session.request().lang()));
    }

    private Mono<Rendering> deny(ServerWebExchange exchange, AuthorizationSession session, String why) {
        return store.closeSession(session.id()).then(ended(exchange, session, errorUri(exchange, session.request(),
                "access_denied", why)));
    }

    /**
     * The holder's wrong PIN locked the certificate: rather than being sent back to the service with no word of it, the
     * holder reads what happened and who can unlock it, and goes back by a link that tells the service (access_denied).
     */
    private Mono<Rendering> lockedNow(ServerWebExchange exchange, AuthorizationSession session) {
        RequestedAuthorization requested = session.request();
        String lang = requested.lang();
        URI back = errorUri(exchange, requested, "access_denied", "The credential is locked");
        return store.closeSession(session.id()).then(errorPage(exchange, HttpStatus.FORBIDDEN, lang,
                texts.format(lang, "msg.credentialLocked"), Optional.empty(),
                Optional.of(new Link(back.toString(), texts.format(lang, "back", requested.platformName())))));
    }

    /** The page's session was closed while this post ran (the holder cancelled, or approved, in another post). */
    private Mono<Rendering> closedMeanwhile(ServerWebExchange exchange, String lang) {
        return errorPage(exchange, HttpStatus.BAD_REQUEST, lang, texts.format(lang, "error.expired"));
    }

    private Mono<Rendering> unknownAction(ServerWebExchange exchange, AuthorizationSession session) {
        return page(exchange, session, Optional.empty(), false);
    }

    private Mono<Rendering> failed(ServerWebExchange exchange, AuthorizationFailure failure, String lang) {
        if (failure.redirectUri().isPresent()) {
            return redirect(exchange, errorUri(exchange, failure.redirectUri().get(), failure.state(), failure.error(),
                    failure.getMessage()));
        }
        // what a holder meets (a link reloaded, opened late or twice) in their language; a client's faulty request,
        // which only its developer can mend, with the technical reason
        String explained = "error." + failure.error();
        return texts.has(lang, explained) ? errorPage(exchange, HttpStatus.BAD_REQUEST, lang, texts.format(lang, explained))
                : errorPage(exchange, HttpStatus.BAD_REQUEST, lang, texts.format(lang, "error.request"),
                        Optional.of(failure.getMessage()));
    }

    private Mono<Rendering> page(ServerWebExchange exchange, AuthorizationSession session, Optional<String> message,
            boolean messageIsError) {
        return page(exchange, session, message, messageIsError, Optional.empty());
    }

    /** @param typedEmail the address typed into the sign-in form, shown in it again */
    private Mono<Rendering> page(ServerWebExchange exchange, AuthorizationSession session, Optional<String> message,
            boolean messageIsError, Optional<String> typedEmail) {
        RequestedAuthorization requested = session.request();
        String lang = requested.lang();
        boolean service = requested.scope() == AuthorizationScope.SERVICE;
        Map<String, Object> model = new HashMap<>();
        model.put("lang", lang);
        model.put("t", texts.all(lang));
        model.put("service", service);
        model.put("signIn", session.signInNeeded());
        model.put("requester", texts.format(lang, "requester", requested.platformName()));
        model.put("intro", texts.format(lang, service ? "service.intro" : session.signInNeeded() ? "credential.signIn.intro"
                : "credential.intro", requested.platformName()));
        // WCAG 2.2.1: a time limit is said before it runs out, in the page's own words
        model.put("timeLimit", texts.format(lang, "timeLimit", codeTexts.lifetime(Locale.forLanguageTag(lang), store.sessionLifetime())));
        model.put("sessionId", session.id());
        model.put("csrf", session.csrf());
        model.put("codeSent", session.codeSent());
        model.put("footer", "Sigillum");
        message.ifPresent(text -> model.put("message", text));
        typedEmail.ifPresent(address -> model.put("email", address));
        model.put("messageIsError", messageIsError);
        requested.credential().ifPresent(wanted -> {
            session.holder().ifPresent(name -> model.put("holder", name));
            model.put("signatures", wanted.numSignatures());
            List<String> documents = new ArrayList<>();
            for (int i = 0; i < wanted.documents().size(); i++) {
                int number = i + 1;
                documents.add(wanted.documents().get(i).label().orElseGet(() -> texts.format(lang, "document.unnamed", number)));
            }
            model.put("documents", documents);
            wanted.description().ifPresent(text -> model.put("description", text));
        });
        PageGuard.protect(exchange.getResponse(), Optional.of(requested.redirectUri()));
        inLanguage(exchange, lang);
        return Mono.just(Rendering.view("oauth2/authorize").model(model).build());
    }

    private Mono<Rendering> errorPage(ServerWebExchange exchange, HttpStatusCode status, String lang, String message) {
        return errorPage(exchange, status, lang, message, Optional.empty());
    }

    /** An error page; a client's technical {@code reason}, for its developer, is English and marked so (WCAG 3.1.2). */
    private Mono<Rendering> errorPage(ServerWebExchange exchange, HttpStatusCode status, String lang, String message,
            Optional<String> reason) {
        return errorPage(exchange, status, lang, message, reason, Optional.empty());
    }

    /** An error page, with a link onward ({@code back}) when there is somewhere to go. */
    private Mono<Rendering> errorPage(ServerWebExchange exchange, HttpStatusCode status, String lang, String message,
            Optional<String> reason, Optional<Link> back) {
        PageGuard.protect(exchange.getResponse(), Optional.empty());
        inLanguage(exchange, lang);
        return Mono.just(Rendering.view("oauth2/error").status(status)
                .modelAttribute("lang", lang).modelAttribute("title", texts.format(lang, "error.title"))
                .modelAttribute("message", message).modelAttribute("reason", reason.orElse(""))
                .modelAttribute("back", back.map(Link::href).orElse(""))
                .modelAttribute("backText", back.map(Link::text).orElse(""))
                .modelAttribute("footer", "Sigillum").build());
    }

    /** A link on a page: where it leads and what it says. */
    private record Link(String href, String text) {
    }

    /**
     * The page's language in Content-Language: the view would name the browser's (Accept-Language), while the page
     * speaks the one the request asked for ({@code lang} / {@code ui_locales}); set as the response commits, after it.
     */
    private static void inLanguage(ServerWebExchange exchange, String lang) {
        exchange.getResponse().beforeCommit(() -> Mono.fromRunnable(
                () -> exchange.getResponse().getHeaders().set(HttpHeaders.CONTENT_LANGUAGE, lang)));
    }

    /** A redirect the browser follows with GET (303 after a form post, 302 after the authorization GET). */
    private static Mono<Rendering> redirect(ServerWebExchange exchange, URI target) {
        HttpStatus status = "POST".equals(exchange.getRequest().getMethod().name()) ? HttpStatus.SEE_OTHER : HttpStatus.FOUND;
        exchange.getResponse().getHeaders().setCacheControl("no-store");
        exchange.getResponse().getHeaders().set("Referrer-Policy", "no-referrer");
        return Mono.just(Rendering.redirectTo(target.toString()).status(status).build());
    }

    private URI errorUri(ServerWebExchange exchange, RequestedAuthorization requested, String error, String description) {
        return errorUri(exchange, requested.redirectUri(), requested.state(), error, description);
    }

    /** An error response: with the issuer, as every authorization response carries it (RFC 9207 §2, errors included). */
    private URI errorUri(ServerWebExchange exchange, String redirectUri, Optional<String> state, String error,
            String description) {
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("error", error);
        parameters.put("error_description", ErrorDescriptions.safe(description));
        state.ifPresent(value -> parameters.put("state", value));
        parameters.put("iss", publicUrl.base(exchange));
        return withParameters(redirectUri, parameters);
    }

    /** The language the URL names ({@code lang=pl|en}: the page's form carries it), else the browser's. */
    private static String lang(ServerWebExchange exchange) {
        return Optional.ofNullable(exchange.getRequest().getQueryParams().getFirst("lang")).flatMap(PageTexts::supported)
                .orElseGet(() -> PageTexts.preferred(exchange.getRequest()));
    }

    private static String holderName(Credential credential) {
        return credential.certificate().map(ee -> {
            X500Name subject = X500Name.getInstance(ee.getSubjectX500Principal().getEncoded());
            RDN[] names = subject.getRDNs(BCStyle.CN);
            return names.length > 0 ? IETFUtils.valueToString(names[0].getFirst().getValue()) : subject.toString();
        }).orElse("");
    }

    /** A lock's time left in whole minutes, rounded up (at least 1): what a holder reads on the page. */
    private static long minutesOf(Optional<Duration> left) {
        return Math.max(1, (left.map(Duration::toSeconds).orElse(60L) + 59) / 60);
    }

    /** {@code +48600000000} → {@code +48 *** *** 000}: enough for the holder to recognise, nothing for a bystander. */
    static String maskPhone(String phone) {
        if (phone.length() < 6) {
            return "***";
        }
        return phone.substring(0, 3) + " *** *** " + phone.substring(phone.length() - 3);
    }

    private static @Nullable String first(Map<String, List<String>> params, String name) {
        List<String> values = params.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }
}
