package io.sigillum.gateway.credential;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** The holder's SMS texts: English for English, Polish otherwise; the code and the minutes as they are. */
class CodeTextsTests {

    private final CodeTexts texts = new CodeTexts();

    @Test
    void englishAndPolishAndAnyOtherLanguageInPolish() {
        assertThat(texts.signing(Locale.ENGLISH, "012345", Duration.ofMinutes(5), "Acme Sign"))
                .isEqualTo("Sigillum: 012345 is your code to authorize signing with Acme Sign. It expires in 5 minutes. "
                        + "Never share it.");
        assertThat(texts.signing(Locale.of("pl"), "012345", Duration.ofMinutes(5), "Acme Sign"))
                .isEqualTo("Sigillum: 012345 to kod autoryzujący podpis w serwisie Acme Sign. Wygasa za 5 min. "
                        + "Nie podawaj go nikomu.");
        assertThat(texts.revocation(Locale.GERMAN, "999999", Duration.ofMinutes(1200)))
                .isEqualTo("Sigillum: 999999 to kod do UNIEWAŻNIENIA Twojego certyfikatu kwalifikowanego. Wygasa za 1200 min. "
                        + "Nie podawaj go nikomu.");
    }

    @Test
    void aLifetimeThatIsNoWholeNumberOfMinutesIsSaidInSeconds() {
        assertThat(texts.signing(Locale.ENGLISH, "012345", Duration.ofSeconds(15), "Acme Sign"))
                .contains("It expires in 15 seconds.");
        assertThat(texts.signing(Locale.of("pl"), "012345", Duration.ofSeconds(90), "Acme Sign")).contains("Wygasa za 90 s.");
        assertThat(texts.lifetime(Locale.ENGLISH, Duration.ofMinutes(2))).isEqualTo("2 minutes");
        assertThat(texts.lifetime(Locale.of("pl"), Duration.ofMillis(30_500))).isEqualTo("30 s");
    }

    /** English says one minute and one second in the singular. */
    @Test
    void oneMinuteIsNotOneMinutes() {
        assertThat(texts.signing(Locale.ENGLISH, "012345", Duration.ofMinutes(1), "Acme Sign")).contains("It expires in 1 minute.");
        assertThat(texts.lifetime(Locale.ENGLISH, Duration.ofSeconds(1))).isEqualTo("1 second");
        assertThat(texts.lifetime(Locale.of("pl"), Duration.ofMinutes(1))).isEqualTo("1 min");
        // a count is never grouped
        assertThat(texts.lifetime(Locale.ENGLISH, Duration.ofMinutes(1200))).isEqualTo("1200 minutes");
    }

    /** A wait for a new code is said in minutes, rounded up, from a minute on (694 s is 12 minutes), else in seconds. */
    @Test
    void aWaitOfAMinuteOrMoreIsSaidInMinutes() {
        assertThat(texts.wait(Locale.of("pl"), Duration.ofSeconds(694))).isEqualTo("12 min");
        assertThat(texts.wait(Locale.ENGLISH, Duration.ofSeconds(60))).isEqualTo("1 minute");
        assertThat(texts.wait(Locale.ENGLISH, Duration.ofMillis(29_200))).isEqualTo("30 seconds");
        assertThat(texts.wait(Locale.of("pl"), Duration.ZERO)).isEqualTo("1 s");
    }
}
