package io.sigillum.gateway.notify;

import io.sigillum.gateway.web.PageTexts;
import java.text.MessageFormat;
import java.util.Locale;
import org.springframework.stereotype.Component;

/**
 * The words of the notices that carry no code and are about no application (a certificate's status changed, an
 * invitation, an e-code about to expire), from {@code messages/notices_<language>.properties}: in the recipient's
 * language, Polish unless English, or in both, Polish first, to a person whose language is not on record. The texts are
 * read once, at start-up: never from a file on an event loop.
 */
@Component
public final class NoticeTexts {

    private static final Locale POLISH = Locale.of("pl");

    private final PageTexts texts = new PageTexts("messages/notices");

    /** The text {@code key} in {@code language} (Polish unless English), its {@code {0}, {1}...} filled in. */
    public String in(Locale language, String key, Object... arguments) {
        return texts.format(PageTexts.languageOf(language), key, arguments);
    }

    /** The text {@code key} in Polish, then {@code between}, then in English. */
    public String bilingual(String key, String between, Object... arguments) {
        return in(POLISH, key, arguments) + between + in(Locale.ENGLISH, key, arguments);
    }

    /**
     * The text {@code key} as a PostgreSQL {@code format()} string, for texts that SQL fills in row by row: its own
     * {@code %} doubled, and {@code placeholders} (e.g. {@code %2$s}) in place of {@code {0}, {1}...}.
     */
    String sqlFormat(Locale language, String key, String... placeholders) {
        String lang = PageTexts.languageOf(language);
        return new MessageFormat(texts.pattern(lang, key).replace("%", "%%"), Locale.forLanguageTag(lang)).format(placeholders);
    }
}
