package io.sigillum.gateway.issuance;

import java.awt.Font;
import java.awt.FontFormatException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.pdmodel.font.PDType0Font;
import org.apache.pdfbox.pdmodel.interactive.annotation.PDAnnotation;
import org.apache.pdfbox.pdmodel.interactive.annotation.PDAnnotationWidget;
import org.apache.pdfbox.pdmodel.interactive.form.PDAcroForm;
import org.apache.pdfbox.pdmodel.interactive.form.PDSignatureField;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * Renders simple text documents (vouchers, application statements, terms) as PDF with Apache PDFBox, optionally ending
 * in places for signatures (empty signature fields), on a bounded scheduler of its own: PDF building is blocking CPU
 * work that must never run on an event-loop thread.
 *
 * <p>Text is set in DejaVu Sans, shipped in {@code fonts/} and embedded as a subset, so Polish (and most European)
 * letters print as written.
 */
@Component
public class PdfRendering implements DisposableBean {

    private static final float MARGIN = 36;
    private static final float LEADING = 1.4f;
    // read once, when the bean is created at start-up, never on a request's thread
    private static final byte[] REGULAR = font("DejaVuSans.ttf");
    private static final byte[] BOLD = font("DejaVuSans-Bold.ttf");
    private static final String MISSING_GLYPH = "\uFFFD";
    /** The regular face as Java 2D reads it: asks whether the documents can print a text, from any thread. */
    private static final Font GLYPHS = glyphs(REGULAR);
    private static final float PLACE_HEIGHT = 84;
    private static final float PLACE_GAP = 24;
    private static final float LABEL_SIZE = 9;

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

    /**
     * A place for a signature at the end of a document: a framed empty PDF signature field named {@code field} (which a
     * signature's appearance fills later), {@code label} printed under it.
     */
    public record SignaturePlace(String field, String label) {
    }

    /** A document's lines, then its signature places side by side in one row. */
    public record Content(List<Line> lines, List<SignaturePlace> signaturePlaces) {

        public Content {
            lines = List.copyOf(lines);
            signaturePlaces = List.copyOf(signaturePlaces);
        }
    }

    /**
     * Renders the lines {@code content} composes. Composing runs on the PDF scheduler too: the locale data it may use
     * (month and country names) is loaded from the JDK's resources on first use.
     */
    public Mono<byte[]> render(PDRectangle pageSize, Supplier<List<Line>> content) {
        return renderWithSignaturePlaces(pageSize, () -> new Content(content.get(), List.of()));
    }

    /** Renders the lines and signature places {@code content} composes (composed on the PDF scheduler too). */
    public Mono<byte[]> renderWithSignaturePlaces(PDRectangle pageSize, Supplier<Content> content) {
        return Mono.fromCallable(() -> renderNow(pageSize, content.get())).subscribeOn(scheduler);
    }

    private static byte[] renderNow(PDRectangle pageSize, Content composed) {
        List<Line> lines = composed.lines();
        float width = pageSize.getWidth() - 2 * MARGIN;
        try (PDDocument document = new PDDocument(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            PDFont regular = PDType0Font.load(document, new ByteArrayInputStream(REGULAR), true);
            PDFont bold = PDType0Font.load(document, new ByteArrayInputStream(BOLD), true);
            PDPage page = new PDPage(pageSize);
            document.addPage(page);
            PDPageContentStream content = new PDPageContentStream(document, page);
            float y = pageSize.getHeight() - MARGIN;
            for (Line line : lines) {
                PDFont font = line.bold() ? bold : regular;
                for (String row : wrap(printable(line.text(), font), font, line.size(), width)) {
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
            if (!composed.signaturePlaces().isEmpty()) {
                if (y - PLACE_HEIGHT - LABEL_SIZE * 2 * LEADING < MARGIN) {
                    content.close();
                    page = new PDPage(pageSize);
                    document.addPage(page);
                    content = new PDPageContentStream(document, page);
                    y = pageSize.getHeight() - MARGIN;
                }
                signaturePlaces(document, page, content, regular, composed.signaturePlaces(), y - LABEL_SIZE * LEADING, width);
            }
            content.close();
            document.save(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The places in one row below {@code top}: a thin frame, the empty signature field inside it, the label under it. */
    private static void signaturePlaces(PDDocument document, PDPage page, PDPageContentStream content, PDFont font,
            List<SignaturePlace> places, float top, float width) throws IOException {
        PDAcroForm form = new PDAcroForm(document);
        document.getDocumentCatalog().setAcroForm(form);
        List<PDAnnotation> annotations = new ArrayList<>(page.getAnnotations());
        float placeWidth = (width - PLACE_GAP * (places.size() - 1)) / places.size();
        float bottom = top - PLACE_HEIGHT;
        for (int i = 0; i < places.size(); i++) {
            SignaturePlace place = places.get(i);
            PDRectangle box = new PDRectangle(MARGIN + i * (placeWidth + PLACE_GAP), bottom, placeWidth, PLACE_HEIGHT);
            content.setLineWidth(0.5f);
            content.addRect(box.getLowerLeftX(), box.getLowerLeftY(), box.getWidth(), box.getHeight());
            content.stroke();
            content.beginText();
            content.setFont(font, LABEL_SIZE);
            content.newLineAtOffset(box.getLowerLeftX(), bottom - LABEL_SIZE * LEADING);
            content.showText(printable(place.label(), font));
            content.endText();
            PDSignatureField field = new PDSignatureField(form);
            field.setPartialName(place.field());
            PDAnnotationWidget widget = field.getWidgets().getFirst();
            widget.setRectangle(box);
            widget.setPage(page);
            widget.setPrinted(true);
            annotations.add(widget);
            form.getFields().add(field);
        }
        page.setAnnotations(annotations);
    }

    private static List<String> wrap(String text, PDFont font, float size, float width) throws IOException {
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

    /**
     * The text as the font can show it: composed (NFC, so a letter typed with a combining accent gets the font's accented
     * glyph), control characters as spaces, and a character the font has no glyph for (e.g. CJK, emoji) as U+FFFD,
     * since PDFBox refuses to write it at all.
     */
    static String printable(String text, PDFont font) {
        StringBuilder out = new StringBuilder(text.length());
        Normalizer.normalize(text, Normalizer.Form.NFC).codePoints().forEach(c -> {
            String character = Character.isISOControl(c) ? " " : Character.toString(c);
            out.append(shows(font, character) ? character : MISSING_GLYPH);
        });
        return out.toString();
    }

    private static boolean shows(PDFont font, String character) {
        try {
            font.encode(character);
            return true;
        } catch (IllegalArgumentException | IOException e) {
            return false;
        }
    }

    /**
     * Whether the documents print {@code text} as it is written: every character composed (NFC, as printed) has a glyph
     * in their font. What has none (emoji, CJK) would print as U+FFFD, so input the documents are made from is refused
     * rather than printed otherwise than entered.
     */
    public static boolean canPrint(String text) {
        return GLYPHS.canDisplayUpTo(Normalizer.normalize(text, Normalizer.Form.NFC)) == -1;
    }

    private static Font glyphs(byte[] font) {
        try {
            return Font.createFont(Font.TRUETYPE_FONT, new ByteArrayInputStream(font));
        } catch (FontFormatException | IOException e) {
            throw new IllegalStateException("The documents' font cannot be read", e);
        }
    }

    private static byte[] font(String file) {
        try (InputStream in = PdfRendering.class.getResourceAsStream("/fonts/" + file)) {
            if (in == null) {
                throw new IllegalStateException("Font fonts/" + file + " is missing from the classpath");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void destroy() {
        scheduler.dispose();
    }
}
