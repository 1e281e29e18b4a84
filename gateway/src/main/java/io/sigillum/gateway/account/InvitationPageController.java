package io.sigillum.gateway.account;

import io.sigillum.gateway.web.ApiException;
import io.sigillum.gateway.web.PageTexts;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.media.SchemaProperty;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.springframework.beans.factory.SmartInitializingSingleton;
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
 * The page an invitation e-mail links to, in Polish and English: the invited person sets a password and gets an
 * applicant account at the inviting point of sale. The link carries the invitation's token in its fragment, which the
 * browser never sends: the page's script moves it into the form (and out of the address bar), and the form posts it in
 * the body, so the token reaches no URL, log or referrer. Without the script the person pastes the token from the
 * e-mail. No cookie is involved: the token alone is the authority, so there is nothing for a cross-site post to borrow.
 */
@Controller
@Tag(name = "Accounts", description = "Applicant registration, sessions, operators and invitations")
class InvitationPageController implements SmartInitializingSingleton {

    private static final String VIEW = "account/invitation";
    private static final int MAX_TOKEN_LENGTH = 128;

    private final AccountService accounts;
    private final AccountsProperties properties;
    private final ISpringWebFluxTemplateEngine engine;
    private final PageTexts texts = new PageTexts("pages/invitation");

    InvitationPageController(AccountService accounts, AccountsProperties properties, ISpringWebFluxTemplateEngine engine) {
        this.accounts = accounts;
        this.properties = properties;
        this.engine = engine;
    }

    @Operation(summary = "The invitation page: set a password for the invited e-mail (lang=pl|en)")
    @GetMapping(path = "/invitations", produces = MediaType.TEXT_HTML_VALUE)
    Mono<Rendering> open(ServerWebExchange exchange) {
        return page(exchange, HttpStatus.OK, AccountPages.lang(exchange), Optional.empty(), "");
    }

    /** The page answers in HTML only, so a client that accepts nothing else is refused before anything is done. */
    @Operation(summary = "The invitation page's form: token, password and the password repeated",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = @Content(
                    mediaType = MediaType.APPLICATION_FORM_URLENCODED_VALUE, schema = @Schema(type = "object",
                            requiredProperties = {"token", "password", "repeat"}),
                    schemaProperties = {
                            @SchemaProperty(name = "token", schema = @Schema(type = "string")),
                            @SchemaProperty(name = "password", schema = @Schema(type = "string")),
                            @SchemaProperty(name = "repeat", schema = @Schema(type = "string"))})))
    @PostMapping(path = "/invitations", consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE, produces = MediaType.TEXT_HTML_VALUE)
    Mono<Rendering> accept(ServerWebExchange exchange) {
        return exchange.getFormData()
                .flatMap(form -> accept(exchange, form))
                .onErrorResume(IllegalArgumentException.class, malformed -> page(exchange, HttpStatus.BAD_REQUEST,
                        AccountPages.lang(exchange), Optional.of("msg.badForm"), ""));
    }

    private Mono<Rendering> accept(ServerWebExchange exchange, MultiValueMap<String, String> form) {
        // the form posts to /invitations?lang=<its language>, so its answer is in that language too
        String lang = AccountPages.lang(exchange);
        String token = AccountPages.field(form, "token").strip();
        String password = AccountPages.field(form, "password");
        if (token.isEmpty() || token.length() > MAX_TOKEN_LENGTH) {
            return page(exchange, HttpStatus.BAD_REQUEST, lang, Optional.of("msg.noToken"), "");
        }
        if (!password.equals(AccountPages.field(form, "repeat"))) {
            return page(exchange, HttpStatus.BAD_REQUEST, lang, Optional.of("msg.passwordsDiffer"), token);
        }
        // the account's own password rules, the same as the API's and those of signing in
        return Mono.defer(() -> accounts.acceptInvitation(token, password))
                .flatMap(account -> done(exchange, lang, account.email()))
                .onErrorResume(ApiException.class, refused -> switch (refused.code()) {
                    case "invalid_request" -> page(exchange, HttpStatus.BAD_REQUEST, lang, Optional.of("msg.passwordRules"), token);
                    case "invitation_not_found" -> page(exchange, HttpStatus.NOT_FOUND, lang, Optional.of("msg.notFound"), "");
                    case "email_taken" -> page(exchange, HttpStatus.CONFLICT, lang, Optional.of("msg.emailTaken"), "");
                    // the address has an account: its password accepts the invitation, and a wrong one counts as at login
                    case "invalid_credentials" -> page(exchange, HttpStatus.UNAUTHORIZED, lang, Optional.of("msg.wrongPassword"), token);
                    case "account_locked" -> page(exchange, HttpStatus.TOO_MANY_REQUESTS, lang, Optional.of("msg.locked"), token);
                    default -> Mono.error(refused);
                });
    }

    private Mono<Rendering> page(ServerWebExchange exchange, HttpStatus status, String lang, Optional<String> error,
            String token) {
        Map<String, Object> model = model(lang);
        error.ifPresent(key -> model.put("error", texts.format(lang, key, properties.minPasswordLength())));
        model.put("token", token);
        return AccountPages.render(exchange, VIEW, status, model);
    }

    private Mono<Rendering> done(ServerWebExchange exchange, String lang, String email) {
        Map<String, Object> model = model(lang);
        model.put("done", texts.format(lang, "msg.done", email));
        return AccountPages.render(exchange, VIEW, HttpStatus.CREATED, model);
    }

    private Map<String, Object> model(String lang) {
        Map<String, Object> model = new HashMap<>();
        model.put("lang", lang);
        model.put("t", texts.all(lang));
        model.put("minLength", properties.minPasswordLength());
        model.put("hint", texts.format(lang, "password.hint", properties.minPasswordLength()));
        return model;
    }

    /** Renders the page once per language at start-up: serving it then reads no template file on an event loop. */
    @Override
    public void afterSingletonsInstantiated() {
        for (String lang : PageTexts.LANGUAGES) {
            Map<String, Object> model = model(lang);
            model.put("token", "");
            engine.process(VIEW, new Context(null, model));
        }
    }
}
