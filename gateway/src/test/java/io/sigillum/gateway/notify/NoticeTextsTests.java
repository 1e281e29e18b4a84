package io.sigillum.gateway.notify;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import java.util.ResourceBundle;
import org.junit.jupiter.api.Test;

/** The notices' words: English for English, Polish otherwise, both for a person whose language is not on record. */
class NoticeTextsTests {

    private final NoticeTexts texts = new NoticeTexts();

    @Test
    void englishAndPolishAndAnyOtherLanguageInPolish() {
        assertThat(texts.in(Locale.ENGLISH, "voucherReminder.subject")).isEqualTo("An unused e-code expires soon");
        assertThat(texts.in(Locale.of("pl"), "voucherReminder.subject")).isEqualTo("Niewykorzystany e-kod wkrótce straci ważność");
        assertThat(texts.in(Locale.GERMAN, "voucherReminder.subject")).isEqualTo("Niewykorzystany e-kod wkrótce straci ważność");
    }

    @Test
    void everyTextIsWrittenInBothLanguages() {
        ResourceBundle.Control exact = ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES);
        assertThat(ResourceBundle.getBundle("messages/notices", Locale.of("pl"), exact).keySet())
                .isEqualTo(ResourceBundle.getBundle("messages/notices", Locale.ENGLISH, exact).keySet());
    }

    @Test
    void bilingualIsPolishThenEnglish() {
        assertThat(texts.bilingual("invitation.subject", " / "))
                .isEqualTo("Zaproszenie do złożenia wniosku o certyfikat kwalifikowany / Invitation to apply for a qualified certificate");
    }

    @Test
    void aTextForSqlHasPostgresPlaceholdersWhereItsArgumentsGo() {
        assertThat(texts.sqlFormat(Locale.of("pl"), "voucherReminder.body", "%1$s", "%3$s", "%4$s"))
                .isEqualTo("Niewykorzystany e-kod na produkt „%1$s” (%3$s…) traci ważność %4$s.");
        assertThat(texts.sqlFormat(Locale.ENGLISH, "voucherReminder.body", "%2$s", "%3$s", "%4$s"))
                .isEqualTo("An unused e-code for %2$s (%3$s…) expires on %4$s.");
    }
}
