package io.sigillum.gateway.account;

import io.sigillum.gateway.web.ApiException;
import io.sigillum.gateway.web.PageTexts;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.media.SchemaProperty;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Validator;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Controller;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.reactive.result.view.Rendering;
import org.springframework.web.server.ServerWebExchange;
import org.thymeleaf.context.Context;
import org.thymeleaf.spring6.ISpringWebFluxTemplateEngine;
import reactor.core.publisher.Mono;

/**
 * "I forgot my password", in Polish and English: {@code /password-reset} asks for the account's e-mail address and sends
 * it a link; the link opens {@code /password-reset/new}, where the person sets a new password. As on the invitation
 * page, the link's token is in its fragment, which the page's script moves into the form (without the script the person
 * pastes it), so it reaches no URL, log or referrer; the token alone is the authority, so no cookie is involved.
 */
@Controller
@Tag(name = "Accounts", description = "Applicant registration, sessions, operators and invitations")
class PasswordResetPageController implements SmartInitializingSingleton {

    private static final String VIEW = "account/password-reset";
    private static final int MAX_TOKEN_LENGTH = 128;

    private final PasswordChanges passwords;
    private final AccountsProperties properties;
    private final ISpringWebFluxTemplateEngine engine;
    /** The API's own rules for an address (its reset request's), so that the page and the API take the same ones. */
    private final Validator validator;
    private final PageTexts texts = new PageTexts("pages/password-reset");

    PasswordResetPageController(PasswordChanges passwords, AccountsProperties properties, ISpringWebFluxTemplateEngine engine,
            Validator validator) {
        this.passwords = passwords;
        this.properties = properties;
        this.engine = engine;
        this.validator = validator;
    }

    @Operation(summary = "The \"I forgot my password\" page: the account's e-mail address (lang=pl|en)")
    @GetMapping(path = "/password-reset", produces = MediaType.TEXT_HTML_VALUE)
    Mono<Rendering> open(ServerWebExchange exchange) {
        return page(exchange, HttpStatus.OK, Mode.ASK, Optional.empty(), Map.of());
    }

    @Operation(summary = "The \"I forgot my password\" page's form: the e-mail address to send a link to",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = @Content(
                    mediaType = MediaType.APPLICATION_FORM_URLENCODED_VALUE, schema = @Schema(type = "object",
                            requiredProperties = {"email"}),
                    schemaProperties = @SchemaProperty(name = "email", schema = @Schema(type = "string")))))
    @PostMapping(path = "/password-reset", consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE,
            produces = MediaType.TEXT_HTML_VALUE)
    Mono<Rendering> ask(ServerWebExchange exchange) {
        return exchange.getFormData()
                .flatMap(form -> ask(exchange, AccountPages.field(form, "email").strip()))
                .onErrorResume(IllegalArgumentException.class, malformed -> badForm(exchange, Mode.ASK));
    }

    private Mono<Rendering> ask(ServerWebExchange exchange, String email) {
        if (email.isEmpty() || !validator.validateValue(AccountController.ResetRequest.class, "email", email).isEmpty()) {
            return page(exchange, HttpStatus.BAD_REQUEST, Mode.ASK, Optional.of("msg.badEmail"), Map.of("email", email));
        }
        String lang = AccountPages.lang(exchange);
        return passwords.requestReset(email, Optional.of(Locale.forLanguageTag(lang)))
                .then(Mono.defer(() -> page(exchange, HttpStatus.OK, Mode.SENT, Optional.empty(),
                        Map.of("done", texts.format(lang, "msg.sent", AccountService.normalise(email),
                                properties.passwordResetTtl().toMinutes())))))
                .onErrorResume(ApiException.class, refused -> {
                    if (!"too_many_requests".equals(refused.code())) {
                        return Mono.error(refused);
                    }
                    refused.retryAfter().ifPresent(wait -> exchange.getResponse().getHeaders()
                            .set(HttpHeaders.RETRY_AFTER, Long.toString(ApiException.retrySeconds(wait))));
                    return page(exchange, HttpStatus.TOO_MANY_REQUESTS, Mode.ASK, Optional.of("msg.tooMany"), Map.of("email", email));
                });
    }

    @Operation(summary = "The page a password-reset link opens: set a new password (lang=pl|en)")
    @GetMapping(path = "/password-reset/new", produces = MediaType.TEXT_HTML_VALUE)
    Mono<Rendering> openNew(ServerWebExchange exchange) {
        return page(exchange, HttpStatus.OK, Mode.SET, Optional.empty(), Map.of("token", ""));
    }

    @Operation(summary = "The new-password form: the link's token, the password and the password repeated",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = @Content(
                    mediaType = MediaType.APPLICATION_FORM_URLENCODED_VALUE, schema = @Schema(type = "object",
                            requiredProperties = {"token", "password", "repeat"}),
                    schemaProperties = {
                            @SchemaProperty(name = "token", schema = @Schema(type = "string")),
                            @SchemaProperty(name = "password", schema = @Schema(type = "string")),
                            @SchemaProperty(name = "repeat", schema = @Schema(type = "string"))})))
    @PostMapping(path = "/password-reset/new", consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE,
            produces = MediaType.TEXT_HTML_VALUE)
    Mono<Rendering> set(ServerWebExchange exchange) {
        return exchange.getFormData()
                .flatMap(form -> set(exchange, form))
                .onErrorResume(IllegalArgumentException.class, malformed -> badForm(exchange, Mode.SET));
    }

    private Mono<Rendering> set(ServerWebExchange exchange, MultiValueMap<String, String> form) {
        String token = AccountPages.field(form, "token").strip();
        String password = AccountPages.field(form, "password");
        if (token.isEmpty() || token.length() > MAX_TOKEN_LENGTH) {
            return page(exchange, HttpStatus.BAD_REQUEST, Mode.SET, Optional.of("msg.noToken"), Map.of("token", ""));
        }
        Map<String, Object> keepToken = Map.of("token", token);
        if (!password.equals(AccountPages.field(form, "repeat"))) {
            return page(exchange, HttpStatus.BAD_REQUEST, Mode.SET, Optional.of("msg.passwordsDiffer"), keepToken);
        }
        String lang = AccountPages.lang(exchange);
        return Mono.defer(() -> passwords.reset(token, password))
                .flatMap(email -> page(exchange, HttpStatus.OK, Mode.DONE, Optional.empty(),
                        Map.of("done", texts.format(lang, "msg.done", email))))
                .onErrorResume(ApiException.class, refused -> switch (refused.code()) {
                    case "invalid_request" -> page(exchange, HttpStatus.BAD_REQUEST, Mode.SET, Optional.of("msg.passwordRules"),
                            keepToken);
                    case "reset_link_not_found" -> page(exchange, HttpStatus.NOT_FOUND, Mode.SET, Optional.of("msg.notFound"),
                            Map.of("token", ""));
                    default -> Mono.error(refused);
                });
    }

    private Mono<Rendering> badForm(ServerWebExchange exchange, Mode mode) {
        return page(exchange, HttpStatus.BAD_REQUEST, mode, Optional.of("msg.badForm"), Map.of("token", ""));
    }

    private Mono<Rendering> page(ServerWebExchange exchange, HttpStatus status, Mode mode, Optional<String> error,
            Map<String, Object> values) {
        String lang = AccountPages.lang(exchange);
        Map<String, Object> model = model(lang, mode);
        model.putAll(values);
        error.ifPresent(key -> model.put("error", texts.format(lang, key, properties.minPasswordLength())));
        return AccountPages.render(exchange, VIEW, status, model);
    }

    private Map<String, Object> model(String lang, Mode mode) {
        Map<String, Object> model = new HashMap<>();
        model.put("lang", lang);
        model.put("mode", mode.name());
        model.put("t", texts.all(lang));
        model.put("minLength", properties.minPasswordLength());
        model.put("hint", texts.format(lang, "password.hint", properties.minPasswordLength()));
        model.put("email", "");
        model.put("token", "");
        return model;
    }

    /** What the page shows: the address asked for, the link sent, the new password asked for, the password set. */
    private enum Mode { ASK, SENT, SET, DONE }

    /** Renders the page once per language and mode at start-up: serving it then reads no template file on an event loop. */
    @Override
    public void afterSingletonsInstantiated() {
        for (String lang : PageTexts.LANGUAGES) {
            for (Mode mode : Mode.values()) {
                Map<String, Object> model = model(lang, mode);
                model.put("done", "");
                engine.process(VIEW, new Context(null, model));
            }
        }
    }
}
