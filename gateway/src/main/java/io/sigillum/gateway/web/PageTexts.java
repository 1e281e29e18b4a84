package io.sigillum.gateway.web;

import java.text.MessageFormat;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.ResourceBundle;
import org.springframework.http.server.reactive.ServerHttpRequest;

/**
 * Words in Polish and English — a page's ({@code pages/<page>_<lang>.properties}), or a message's — read once at start-up
 * so that rendering a page or writing a message reads no file on an event loop.
 */
public class PageTexts {

    public static final List<String> LANGUAGES = List.of("pl", "en");

    private final Map<String, Map<String, String>> texts = new HashMap<>();

    /** The words of {@code bundle}, e.g. {@code pages/authorize}, in every language. */
    public PageTexts(String bundle) {
        for (String lang : LANGUAGES) {
            ResourceBundle words = ResourceBundle.getBundle(bundle, Locale.forLanguageTag(lang),
                    ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
            Map<String, String> byKey = new HashMap<>();
            words.keySet().forEach(key -> byKey.put(key, words.getString(key)));
            texts.put(lang, Collections.unmodifiableMap(byKey));
        }
    }

    /** All words of a language, for the template. */
    public Map<String, String> all(String lang) {
        return texts.get(lang);
    }

    /** Whether the language has a text under this key. */
    public boolean has(String lang, String key) {
        return texts.get(lang).containsKey(key);
    }

    /** The language of {@code locale} among these: English if it is English, Polish otherwise. */
    public static String languageOf(Locale locale) {
        return Locale.ENGLISH.getLanguage().equals(locale.getLanguage()) ? "en" : "pl";
    }

    /** One text as written, its {@code {0}, {1}...} not filled in. */
    public String pattern(String lang, String key) {
        return texts.get(lang).get(key);
    }

    /** One text with its arguments filled in. */
    public String format(String lang, String key, Object... arguments) {
        return new MessageFormat(texts.get(lang).get(key), Locale.forLanguageTag(lang)).format(arguments);
    }

    /** One of the languages if {@code asked} names it. */
    public static Optional<String> supported(String asked) {
        return LANGUAGES.contains(asked) ? Optional.of(asked) : Optional.empty();
    }

    /** The browser's preferred language among Polish and English; Polish when it prefers neither or says it badly. */
    public static String preferred(ServerHttpRequest request) {
        try {
            for (Locale.LanguageRange range : request.getHeaders().getAcceptLanguage()) {
                if (range.getWeight() == 0) {
                    continue; // q=0: not acceptable
                }
                String language = range.getRange().split("-")[0].toLowerCase(Locale.ROOT);
                if (LANGUAGES.contains(language)) {
                    return language;
                }
            }
        } catch (IllegalArgumentException malformed) {
            return "pl";
        }
        return "pl";
    }
}
