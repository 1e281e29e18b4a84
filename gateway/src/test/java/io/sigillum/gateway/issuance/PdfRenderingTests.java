package io.sigillum.gateway.issuance;

import static org.assertj.core.api.Assertions.assertThat;

import io.sigillum.gateway.issuance.PdfRendering.Line;
import java.util.List;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PdfRenderingTests {

    private final PdfRendering rendering = PdfFixtures.rendering();

    @AfterEach
    void stopScheduler() {
        rendering.destroy();
    }

    @Test
    void polishLettersAndTypographyPrintAsWritten() {
        String text = text("Zażółć gęślą jaźń – ZAŻÓŁĆ GĘŚLĄ JAŹŃ „cudzysłów”");
        assertThat(text).contains("Zażółć gęślą jaźń – ZAŻÓŁĆ GĘŚLĄ JAŹŃ „cudzysłów”");
    }

    @Test
    void aLetterTypedWithACombiningAccentPrintsAsTheAccentedLetter() {
        assertThat(text("Zaz\u0307o\u0301ł\u0107")).contains("Zażółć");
    }

    @Test
    void aCharacterTheFontLacksBecomesAReplacementCharacterInsteadOfFailingTheDocument() {
        assertThat(text("Łódź 東京\tend")).contains("Łódź \uFFFD\uFFFD end");
    }

    private String text(String line) {
        return PdfFixtures.text(rendering.render(PDRectangle.A4, () -> List.of(Line.text(line), Line.title(line))).block());
    }
}
