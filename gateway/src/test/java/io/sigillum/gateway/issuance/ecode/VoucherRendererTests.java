package io.sigillum.gateway.issuance.ecode;

import static org.assertj.core.api.Assertions.assertThat;

import io.sigillum.gateway.issuance.PdfFixtures;
import io.sigillum.gateway.issuance.PdfRendering;
import io.sigillum.gateway.issuance.product.Product;
import io.sigillum.gateway.issuance.product.VerificationMethod;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class VoucherRendererTests {

    private final PdfRendering rendering = PdfFixtures.rendering();
    private final VoucherRenderer vouchers = new VoucherRenderer(rendering, PdfFixtures.messages(),
            PdfFixtures.properties());

    @AfterEach
    void stopScheduler() {
        rendering.destroy();
    }

    @Test
    void aVoucherSpeaksPolishWithItsLettersAndThenEnglish() {
        Product product = new Product("CQS-2Y-PPT", "Cloud qualified signature 2 years, at a point of sale",
                "Kwalifikowany podpis w chmurze na 2 lata, w punkcie sprzedaży", 24,
                List.of(VerificationMethod.VIDEO_CALL), true);
        Instant created = Instant.parse("2026-11-24T10:00:00Z");
        ECodeView code = new ECodeView(1042, "Djfw 9mAN vhXk GWiX", product.id(), product.name(), ECodeStatus.ACTIVE, created,
                Instant.parse("2028-11-24T10:00:00Z"), 730, Optional.of(created), Optional.empty(), Optional.empty());

        String text = PdfFixtures.text(vouchers.render(code, product).block());

        assertThat(text).contains("E-kod Sigillum", "Numer e-kodu / E-code number", "Djfw 9mAN vhXk GWiX",
                "Kwalifikowany podpis w chmurze na 2 lata, w punkcie sprzedaży",
                "Cloud qualified signature 2 years, at a point of sale",
                "Zrealizuj na stronie", "24 listopada 2028", "Redeem at", "November 24, 2028", PdfFixtures.REDEEM_AT);
        assertThat(text).doesNotContain(Arrays.stream(ECodeStatus.values()).map(Enum::name).toList())
                .doesNotContain(Arrays.stream(VerificationMethod.values()).map(Enum::name).toList());
    }

    @Test
    void withoutAnApplicantPortalTheVoucherNamesNoPageAndSaysWhenItIsRedeemed() {
        VoucherRenderer portalless = new VoucherRenderer(rendering, PdfFixtures.messages(), PdfFixtures.properties(Optional.empty()));
        Product product = new Product("CQS-1Y", "Cloud qualified signature 1 year", "Kwalifikowany podpis w chmurze na 1 rok",
                12, List.of(VerificationMethod.BANK_TRANSFER), false);
        Instant created = Instant.parse("2026-11-24T10:00:00Z");
        ECodeView code = new ECodeView(1042, "Djfw 9mAN vhXk GWiX", product.id(), product.name(), ECodeStatus.ACTIVE, created,
                Instant.parse("2028-11-24T10:00:00Z"), 730, Optional.of(created), Optional.empty(), Optional.empty());

        String text = PdfFixtures.text(portalless.render(code, product).block());

        assertThat(text).contains("Zrealizuj, składając wniosek o kwalifikowany certyfikat, do 24 listopada 2028",
                "Redeem it when you apply for the qualified certificate, by November 24, 2028").doesNotContain("http");
    }
}
