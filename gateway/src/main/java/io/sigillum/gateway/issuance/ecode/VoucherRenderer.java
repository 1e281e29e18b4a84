package io.sigillum.gateway.issuance.ecode;

import io.sigillum.gateway.issuance.DocumentMessages;
import io.sigillum.gateway.issuance.DocumentText;
import io.sigillum.gateway.issuance.IssuanceProperties;
import io.sigillum.gateway.issuance.PdfRendering;
import io.sigillum.gateway.issuance.PdfRendering.Line;
import io.sigillum.gateway.issuance.product.Product;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * The voucher ("gift card") PDF: the code, the product, the last day to redeem it and where, in Polish and in English,
 * since whoever is given it may read either.
 */
@Component
class VoucherRenderer {

    private static final PDRectangle A6_LANDSCAPE = new PDRectangle(PDRectangle.A6.getHeight(), PDRectangle.A6.getWidth());

    private final PdfRendering pdf;
    private final DocumentMessages messages;
    private final IssuanceProperties properties;

    VoucherRenderer(PdfRendering pdf, DocumentMessages messages, IssuanceProperties properties) {
        this.pdf = pdf;
        this.messages = messages;
        this.properties = properties;
    }

    /** The voucher of {@code code}, whose product is {@code product}. */
    Mono<byte[]> render(ECodeView code, Product product) {
        return pdf.render(A6_LANDSCAPE, () -> voucher(code, product));
    }

    private List<Line> voucher(ECodeView code, Product product) {
        List<DocumentText> texts = DocumentMessages.LANGUAGES.stream().map(messages::in).toList();
        LocalDate useBy = LocalDate.ofInstant(code.expiresAt(), properties.zone());
        List<Line> lines = new ArrayList<>();
        lines.add(Line.title(texts.getFirst().get("voucher.title")));
        lines.add(Line.text(texts.stream().map(text -> text.get("voucher.number")).collect(Collectors.joining(" / "))));
        lines.add(new Line(20, true, code.code()));
        lines.add(Line.blank());
        lines.add(Line.heading(product.name(texts.getFirst().language())));
        texts.stream().skip(1).forEach(text -> lines.add(Line.text(product.name(text.language()))));
        lines.add(Line.blank());
        texts.forEach(text -> lines.add(Line.text(properties.redeemAt()
                .map(where -> text.get("voucher.redeem", where, text.date(useBy)))
                .orElseGet(() -> text.get("voucher.redeemWhenApplying", text.date(useBy))))));
        return lines;
    }
}
