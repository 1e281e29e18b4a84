package io.sigillum.gateway.issuance.application;

import java.util.Arrays;

/**
 * Where an application is (DESIGN.md §6): {@code DRAFT → DATA_SUBMITTED → DOCUMENTS_ACCEPTED → VERIFICATION_PENDING →
 * VERIFIED → STATEMENT_SIGNED → [OPERATOR_APPROVED] → CERTIFICATE_ISSUED → ACTIVE → [REVOKED]}, with the side exits
 * {@code VERIFICATION_HELD}, {@code VERIFICATION_FAILED}, {@code CANCELLED}, {@code REFUNDED}, {@code EXPIRED}. Which moves
 * are legal is decided by {@link ApplicationTransition} alone.
 */
public enum ApplicationState {
    DRAFT,
    DATA_SUBMITTED,
    DOCUMENTS_ACCEPTED,
    VERIFICATION_PENDING,
    VERIFICATION_HELD,
    VERIFICATION_FAILED,
    VERIFIED,
    STATEMENT_SIGNED,
    OPERATOR_APPROVED,
    CERTIFICATE_ISSUED,
    ACTIVE,
    /** The certificate issued for the application was revoked: it signs no more, and the application ends with it. */
    REVOKED,
    CANCELLED,
    REFUNDED,
    EXPIRED;

    /** No transition leaves this state. */
    public boolean terminal() {
        return Arrays.stream(ApplicationTransition.values()).noneMatch(t -> t.from().contains(this));
    }
}
