package io.sigillum.gateway.issuance;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * Renders simple text documents (vouchers, application statements, terms) as PDF with Apache PDFBox, on a bounded
 * scheduler of its own: PDF building is blocking CPU work that must never run on an event-loop thread.
 *
 * <p>The standard Helvetica font covers WinAnsi only, so letters outside it (Polish ą, ł, ś…) are written without their
 * diacritics; embedding a Unicode TrueType font would lift this.
 */
@Component
public class PdfRendering implements DisposableBean {

    private static final float MARGIN = 36;
    private static final float LEADING = 1.4f;

    private final Scheduler scheduler;

    PdfRendering(IssuanceProperties properties) {
        this.scheduler = Schedulers.newBoundedElastic(properties.pdfThreads(), 200, "pdf");
    }

    /** One line or paragraph of a document; long text wraps. */
    public record Line(float size, boolean bold, String text) {

        public static Line title(String text) {
            return new Line(18, true, text);
        }

        public static Line heading(String text) {
            return new Line(12, true, text);
        }

        public static Line text(String text) {
            return new Line(10, false, text);
        }

        public static Line blank() {
            return new Line(6, false, "");
        }
    }

    public Mono<byte[]> render(PDRectangle pageSize, List<Line> lines) {
        List<Line> copy = List.copyOf(lines);
        return Mono.fromCallable(() -> renderNow(pageSize, copy)).subscribeOn(scheduler);
    }

    private static byte[] renderNow(PDRectangle pageSize, List<Line> lines) {
        PDType1Font regular = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
        PDType1Font bold = new PDType1Font(Standard14Fonts.FontName.HELVETICA_BOLD);
        float width = pageSize.getWidth() - 2 * MARGIN;
        try (PDDocument document = new PDDocument(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            PDPage page = new PDPage(pageSize);
            document.addPage(page);
            PDPageContentStream content = new PDPageContentStream(document, page);
            float y = pageSize.getHeight() - MARGIN;
            for (Line line : lines) {
                PDType1Font font = line.bold() ? bold : regular;
                for (String row : wrap(winAnsi(line.text()), font, line.size(), width)) {
                    y -= line.size() * LEADING;
                    if (y < MARGIN) {
                        content.close();
                        page = new PDPage(pageSize);
                        document.addPage(page);
                        content = new PDPageContentStream(document, page);
                        y = pageSize.getHeight() - MARGIN - line.size() * LEADING;
                    }
                    if (!row.isEmpty()) {
                        content.beginText();
                        content.setFont(font, line.size());
                        content.newLineAtOffset(MARGIN, y);
                        content.showText(row);
                        content.endText();
                    }
                }
            }
            content.close();
            document.save(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> wrap(String text, PDType1Font font, float size, float width) throws IOException {
        List<String> rows = new ArrayList<>();
        StringBuilder row = new StringBuilder();
        for (String word : text.split(" ")) {
            String candidate = row.isEmpty() ? word : row + " " + word;
            if (!row.isEmpty() && font.getStringWidth(candidate) / 1000 * size > width) {
                rows.add(row.toString());
                row = new StringBuilder(word);
            } else {
                row = new StringBuilder(candidate);
            }
        }
        rows.add(row.toString());
        return rows;
    }

    /** Keeps what Helvetica's WinAnsi encoding can show; other letters lose their diacritics. */
    static String winAnsi(String text) {
        String replaced = text.replace('ł', 'l').replace('Ł', 'L').replace('„', '"').replace('”', '"')
                .replace('–', '-').replace('—', '-').replace('’', '\'');
        String stripped = Normalizer.normalize(replaced, Normalizer.Form.NFD).replaceAll("\\p{M}+", "");
        StringBuilder out = new StringBuilder(stripped.length());
        stripped.codePoints().forEach(c -> out.append(c >= 0x20 && c <= 0xFF ? (char) c : '?'));
        return out.toString();
    }

    @Override
    public void destroy() {
        scheduler.dispose();
    }
}
