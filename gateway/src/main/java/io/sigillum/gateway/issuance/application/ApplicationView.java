package io.sigillum.gateway.issuance.application;

import io.sigillum.gateway.issuance.product.Product;
import com.fasterxml.jackson.annotation.JsonIgnore;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

/**
 * An application as its applicant (and the operator of its point of sale) sees it: the summary of all data, the state,
 * and the transitions possible from it.
 */
public record ApplicationView(UUID id,
        @Schema(example = "2026-000082") String number,
        ApplicationState state,
        Product product,
        Optional<CertificateParameters> certificateParameters,
        Optional<ApplicantData> applicantData,
        Optional<UUID> pointOfSaleId,
        Optional<Instant> documentsAcceptedAt,
        Instant createdAt,
        Instant updatedAt,
        @Schema(description = "Transitions legal from the current state (the state machine's table)")
        List<ApplicationTransition> nextTransitions,
        @JsonIgnore Optional<Applicant> applicant) {

    /**
     * The applicant, parsed from {@link #applicantData()} when the view was read, which every stage after submission
     * relies on; 400 {@code application_incomplete} when there is none.
     */
    public Applicant submittedApplicant() {
        return applicant.orElseThrow(() -> ApplicationErrors.incomplete("applicantData"));
    }

    /** The language the applicant chose for the documents, which the messages about the application speak too; Polish unchosen. */
    public Locale applicantLanguage() {
        return certificateParameters.map(CertificateParameters::documentLanguage).map(CertificateParameters.DocumentLanguage::locale)
                .orElse(CertificateParameters.DocumentLanguage.pl.locale());
    }
}
