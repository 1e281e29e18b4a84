package io.sigillum.gateway.account;

import io.sigillum.gateway.web.PageHeaders;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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

    /**
     * A form's field, empty when it is not there; a field given more than once makes the form malformed
     * ({@link IllegalArgumentException}, as an unreadable form): which value counted would be a guess. So does one whose
     * bytes were not UTF-8, which the decoder turned into U+FFFD: two different passwords would read the same, and a
     * password would be set that nobody typed.
     */
    static String field(MultiValueMap<String, String> form, String name) {
        List<String> values = form.getOrDefault(name, List.of());
        if (values.size() > 1) {
            throw new IllegalArgumentException("The form field " + name + " is given more than once");
        }
        String value = values.isEmpty() ? "" : values.getFirst();
        if (value.indexOf('\uFFFD') >= 0) {
            throw new IllegalArgumentException("The form field " + name + " is not valid UTF-8");
        }
        return value;
    }

    /** The page, with the headers of every page (no framing, caching or referrer; scripts and forms only from here). */
    static Mono<Rendering> render(ServerWebExchange exchange, String view, HttpStatus status, Map<String, Object> model) {
        PageHeaders.protect(exchange.getResponse(), List.of(), true);
        return Mono.just(Rendering.view(view).status(status).model(model).build());
    }
}
