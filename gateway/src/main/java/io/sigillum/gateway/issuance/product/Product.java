package io.sigillum.gateway.issuance.product;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;
import java.util.Locale;

/**
 * A product of the catalogue: a cloud qualified signature certificate of a given validity.
 *
 * @param id stable identifier
 * @param name shown to people, in English
 * @param namePl shown to people, in Polish
 * @param validityMonths validity of the certificate issued for it
 * @param verificationMethods the identity-verification methods an applicant may choose
 * @param operatorCountersign whether an operator of the point of sale must countersign the application statement
 */
public record Product(@Schema(example = "CQS-2Y") String id,
        @Schema(example = "Cloud qualified signature 2 years") String name,
        @Schema(example = "Kwalifikowany podpis w chmurze na 2 lata") String namePl,
        @Schema(example = "24") int validityMonths,
        List<VerificationMethod> verificationMethods,
        @Schema(example = "false") boolean operatorCountersign) {

    public Product {
        verificationMethods = List.copyOf(verificationMethods);
    }

    /** The name in Polish for Polish, in English for any other language. */
    public String name(Locale language) {
        return language.getLanguage().equals("pl") ? namePl : name;
    }
}
