package io.sigillum.gateway.notify;

import java.text.MessageFormat;
import java.util.Locale;
import java.util.Map;
import java.util.ResourceBundle;
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

    private final Map<Locale, ResourceBundle> texts;

    public NoticeTexts() {
        ResourceBundle.Control noFallback = ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES);
        texts = Map.of(POLISH, ResourceBundle.getBundle("messages/notices", POLISH, noFallback),
                Locale.ENGLISH, ResourceBundle.getBundle("messages/notices", Locale.ENGLISH, noFallback));
    }

    /** The text {@code key} in {@code language} (Polish unless English), its {@code {0}, {1}...} filled in. */
    public String in(Locale language, String key, Object... arguments) {
        Locale locale = spoken(language);
        return new MessageFormat(texts.get(locale).getString(key), locale).format(arguments);
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
        Locale locale = spoken(language);
        return new MessageFormat(texts.get(locale).getString(key).replace("%", "%%"), locale).format(placeholders);
    }

    private static Locale spoken(Locale language) {
        return Locale.ENGLISH.getLanguage().equals(language.getLanguage()) ? Locale.ENGLISH : POLISH;
    }
}
