package io.sigillum.gateway.issuance.ecode;

import io.sigillum.gateway.issuance.IssuanceProperties;
import io.sigillum.gateway.issuance.PdfRendering;
import io.sigillum.gateway.issuance.PdfRendering.Line;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/** The voucher ("gift card") PDF: the code, the product, the last day to redeem it and where. */
@Component
class VoucherRenderer {

    private static final PDRectangle A6_LANDSCAPE = new PDRectangle(PDRectangle.A6.getHeight(), PDRectangle.A6.getWidth());

    private final PdfRendering pdf;
    private final IssuanceProperties properties;

    VoucherRenderer(PdfRendering pdf, IssuanceProperties properties) {
        this.pdf = pdf;
        this.properties = properties;
    }

    Mono<byte[]> render(ECodeView code) {
        String useBy = DateTimeFormatter.ISO_LOCAL_DATE.format(code.expiresAt().atZone(properties.zone()));
        return pdf.render(A6_LANDSCAPE, () -> List.of(
                Line.title("Sigillum e-code"),
                Line.text("E-code number"),
                new Line(20, true, code.code()),
                Line.blank(),
                Line.heading(code.productName()),
                Line.text("Redeem at " + properties.redeemAt()),
                Line.text("Use by " + useBy)));
    }
}
