package io.sigillum.gateway.account;

import io.sigillum.gateway.web.PageHeaders;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.springframework.http.HttpStatus;
import org.springframework.util.MultiValueMap;
import org.springframework.web.reactive.result.view.Rendering;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/** What the account pages an e-mail links to (the invitation, the password reset) do alike. */
final class AccountPages {

    private AccountPages() {
    }

    /** The page's language, by the one rule its Content-Language follows too (web.PageLocaleResolver). */
    static String lang(ServerWebExchange exchange) {
        Locale locale = exchange.getLocaleContext().getLocale();
        return locale == null ? "pl" : locale.getLanguage();
    }

    /** A form's field, empty when it is not there. */
    static String field(MultiValueMap<String, String> form, String name) {
        return Optional.ofNullable(form.getFirst(name)).orElse("");
    }

    /** The page, with the headers of every page (no framing, caching or referrer; scripts and forms only from here). */
    static Mono<Rendering> render(ServerWebExchange exchange, String view, HttpStatus status, Map<String, Object> model) {
        PageHeaders.protect(exchange.getResponse(), List.of(), true);
        return Mono.just(Rendering.view(view).status(status).model(model).build());
    }
}
