package io.sigillum.gateway.credential;

import io.sigillum.gateway.web.PageTexts;
import java.time.Duration;
import java.util.Locale;
import org.springframework.stereotype.Component;

/**
 * The SMS texts that carry a one-time code to a credential's holder, in the holder's language: the one chosen when
 * applying ({@link Credential#language()}), or the page's on the OAuth2 authorization page. Polish unless English. The
 * texts are read once, at start-up: never from a file on an event loop.
 */
@Component
public final class CodeTexts {

    private final PageTexts texts = new PageTexts("messages/codes");

    /** A code that authorizes signatures for {@code platform}. */
    public String signing(Locale language, String code, Duration lifetime, String platform) {
        return format(language, "signing", code, lifetime, platform);
    }

    /** A code that revokes the holder's certificate. */
    public String revocation(Locale language, String code, Duration lifetime) {
        return format(language, "revocation", code, lifetime, "");
    }

    /** How long a code lives, as the texts say it: in whole minutes, else (under a minute, say) in seconds. */
    public String lifetime(Locale language, Duration lifetime) {
        boolean wholeMinutes = lifetime.toMinutes() > 0 && lifetime.toSecondsPart() == 0 && lifetime.toMillisPart() == 0;
        return amount(language, wholeMinutes, wholeMinutes ? lifetime.toMinutes() : lifetime.toSeconds());
    }

    /** How long until a new code may be asked for: in minutes, rounded up, from a minute on; else in seconds. */
    public String wait(Locale language, Duration wait) {
        long seconds = Math.max(1, wait.toSeconds() + (wait.toNanosPart() > 0 ? 1 : 0));
        return seconds >= 60 ? amount(language, true, (seconds + 59) / 60) : amount(language, false, seconds);
    }

    /** The texts choose the unit's form by the number (1 minute, 2 minutes) and write it without grouping. */
    private String amount(Locale language, boolean minutes, long count) {
        return texts.format(PageTexts.languageOf(language), minutes ? "lifetime.minutes" : "lifetime.seconds", count);
    }

    private String format(Locale language, String key, String code, Duration lifetime, String platform) {
        return texts.format(PageTexts.languageOf(language), key, code, lifetime(language, lifetime), platform);
    }
}
