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
}
