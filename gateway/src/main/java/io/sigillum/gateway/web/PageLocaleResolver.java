package io.sigillum.gateway.web;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.springframework.context.i18n.LocaleContext;
import org.springframework.context.i18n.SimpleLocaleContext;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.i18n.AcceptHeaderLocaleContextResolver;
import org.springframework.web.server.i18n.LocaleContextResolver;

/**
 * The language of a page whose language follows its URL and the browser alone, so that its {@code Content-Language}
 * says the same as the page: {@code lang=pl|en} on the URL, else the browser's preferred of the two (Polish when it
 * prefers neither). Spring's default, kept for every other path (the API's validation messages among them), would echo
 * the browser's first choice whatever the page's language.
 */
@Component("localeContextResolver")
class PageLocaleResolver implements LocaleContextResolver {

    private static final Set<String> PAGES = Set.of("/invitations", "/password-reset", "/password-reset/new");

    private final AcceptHeaderLocaleContextResolver byHeader = new AcceptHeaderLocaleContextResolver();

    @Override
    public LocaleContext resolveLocaleContext(ServerWebExchange exchange) {
        if (!PAGES.contains(exchange.getRequest().getPath().pathWithinApplication().value())) {
            return byHeader.resolveLocaleContext(exchange);
        }
        String lang = Optional.ofNullable(exchange.getRequest().getQueryParams().getFirst("lang")).flatMap(PageTexts::supported)
                .orElseGet(() -> PageTexts.preferred(exchange.getRequest()));
        return new SimpleLocaleContext(Locale.forLanguageTag(lang));
    }

    @Override
    public void setLocaleContext(ServerWebExchange exchange, LocaleContext localeContext) {
        throw new UnsupportedOperationException("A page's language follows its URL and the browser");
    }
}
