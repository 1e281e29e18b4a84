package io.sigillum.gateway.credential;

import java.text.MessageFormat;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.ResourceBundle;
import org.springframework.stereotype.Component;

/**
 * The SMS texts that carry a one-time code to a credential's holder, in the holder's language: the one chosen when
 * applying ({@link Credential#language()}), or the page's on the OAuth2 authorization page. Polish unless English. The
 * texts are read once, at start-up: never from a file on an event loop.
 */
@Component
public final class CodeTexts {

    private static final Locale POLISH = Locale.of("pl");

    private final Map<Locale, ResourceBundle> texts;

    public CodeTexts() {
        ResourceBundle.Control noFallback = ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES);
        texts = Map.of(POLISH, ResourceBundle.getBundle("messages/codes", POLISH, noFallback),
                Locale.ENGLISH, ResourceBundle.getBundle("messages/codes", Locale.ENGLISH, noFallback));
    }

    /** A code that authorizes signatures for {@code platform}. */
    public String signing(Locale language, String code, Duration lifetime, String platform) {
        return format(language, "signing", code, lifetime, platform);
    }

    /** A code that revokes the holder's certificate. */
    public String revocation(Locale language, String code, Duration lifetime) {
        return format(language, "revocation", code, lifetime, "");
    }

    private String format(Locale language, String key, String code, Duration lifetime, String platform) {
        Locale locale = Locale.ENGLISH.getLanguage().equals(language.getLanguage()) ? Locale.ENGLISH : POLISH;
        // the numbers go as text: a code, or a count of minutes, is never written with grouping
        return new MessageFormat(texts.get(locale).getString(key), locale).format(
                new Object[] {code, Long.toString(lifetime.toMinutes()), platform});
    }
}
