package io.sigillum.gateway.oauth2;

import java.text.MessageFormat;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ResourceBundle;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.stereotype.Component;

/**
 * The authorization page's words in Polish and English ({@code pages/authorize_<lang>.properties}), read once at
 * start-up so that rendering a page reads no file on an event loop.
 */
@Component
class PageTexts {

    static final List<String> LANGUAGES = List.of("pl", "en");

    private final Map<String, Map<String, String>> texts = new HashMap<>();

    PageTexts() {
        for (String lang : LANGUAGES) {
            ResourceBundle bundle = ResourceBundle.getBundle("pages/authorize", Locale.forLanguageTag(lang),
                    ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
            Map<String, String> words = new HashMap<>();
            bundle.keySet().forEach(key -> words.put(key, bundle.getString(key)));
            texts.put(lang, Collections.unmodifiableMap(words));
        }
    }

    /** All words of a language, for the template. */
    Map<String, String> all(String lang) {
        return texts.get(lang);
    }

    /** Whether the language has a text under this key. */
    boolean has(String lang, String key) {
        return texts.get(lang).containsKey(key);
    }

    /** One text with its arguments filled in. */
    String format(String lang, String key, Object... arguments) {
        return new MessageFormat(texts.get(lang).get(key), Locale.forLanguageTag(lang)).format(arguments);
    }

    /** The browser's preferred language among Polish and English; Polish when it prefers neither. */
    static String preferred(ServerHttpRequest request) {
        for (Locale.LanguageRange range : request.getHeaders().getAcceptLanguage()) {
            String language = range.getRange().split("-")[0].toLowerCase(Locale.ROOT);
            if (LANGUAGES.contains(language)) {
                return language;
            }
        }
        return "pl";
    }
}
