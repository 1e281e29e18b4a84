package io.sigillum.gateway.issuance.product;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/**
 * A product of the catalogue: a cloud qualified signature certificate of a given validity.
 *
 * @param id stable identifier
 * @param name shown to people
 * @param validityMonths validity of the certificate issued for it
 * @param verificationMethods the identity-verification methods an applicant may choose
 * @param operatorCountersign whether an operator of the point of sale must countersign the application statement
 */
public record Product(@Schema(example = "CQS-2Y") String id,
        @Schema(example = "Cloud qualified signature 2 years") String name,
        @Schema(example = "24") int validityMonths,
        List<VerificationMethod> verificationMethods,
        @Schema(example = "false") boolean operatorCountersign) {

    public Product {
        verificationMethods = List.copyOf(verificationMethods);
    }
}
