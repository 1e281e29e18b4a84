package io.sigillum.gateway.issuance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Period;
import java.time.ZoneId;
import java.util.Optional;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;

/** Document rendering without Spring, and a PDF read back as text, for tests of the rendered documents. */
public final class PdfFixtures {

    public static final String REDEEM_AT = "https://sigillum.example/redeem";

    private PdfFixtures() {
    }

    public static IssuanceProperties properties() {
        return properties(Optional.of(REDEEM_AT));
    }

    public static IssuanceProperties properties(Optional<String> redeemAt) {
        return new IssuanceProperties(1000, Period.ofMonths(24), ZoneId.of("Europe/Warsaw"), redeemAt, 100, 10_000,
                true, 1, Duration.ofHours(24), 10);
    }

    /** A renderer with a scheduler of its own: {@link PdfRendering#destroy() destroy} it after the test. */
    public static PdfRendering rendering() {
        return new PdfRendering(properties());
    }

    public static DocumentMessages messages() {
        return new DocumentMessages();
    }

    /** The text a reader's copy-and-paste would give, on one line: a phrase reads the same wherever a line wraps. */
    public static String text(byte[] pdf) {
        try (PDDocument document = Loader.loadPDF(pdf)) {
            return new PDFTextStripper().getText(document).replaceAll("\\s+", " ");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
