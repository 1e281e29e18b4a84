package io.sigillum.gateway.issuance.application;

import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * The transition table of the application state machine: the single source of truth for which move is legal from which
 * state. Each transition is one endpoint: the wizard up to {@link #ACCEPT_DOCUMENTS} and {@link #CANCEL}, then the
 * verification, statement-signing, issuance and activation moves of the later stages.
 */
public enum ApplicationTransition {
    /** Redeeming an e-code creates the application. */
    REDEEM_ECODE(EnumSet.noneOf(ApplicationState.class), ApplicationState.DRAFT),
    /** Certificate parameters and applicant data are complete and valid: show the summary. */
    SUBMIT_DATA(EnumSet.of(ApplicationState.DRAFT), ApplicationState.DATA_SUBMITTED),
    /** "Correct data" on the summary goes back to editing. */
    CORRECT_DATA(EnumSet.of(ApplicationState.DATA_SUBMITTED), ApplicationState.DRAFT),
    /** The applicant accepts the statement and the trust-service terms. */
    ACCEPT_DOCUMENTS(EnumSet.of(ApplicationState.DATA_SUBMITTED), ApplicationState.DOCUMENTS_ACCEPTED),
    START_VERIFICATION(EnumSet.of(ApplicationState.DOCUMENTS_ACCEPTED), ApplicationState.VERIFICATION_PENDING),
    /**
     * The verification transfer is accepted (an account in the applicant's name): the verification goes on, with the
     * applicant's remote identification by the document.
     */
    ACCEPT_TRANSFER(EnumSet.of(ApplicationState.VERIFICATION_PENDING), ApplicationState.VERIFICATION_PENDING),
    HOLD_VERIFICATION(EnumSet.of(ApplicationState.VERIFICATION_PENDING), ApplicationState.VERIFICATION_HELD),
    PASS_VERIFICATION(EnumSet.of(ApplicationState.VERIFICATION_PENDING, ApplicationState.VERIFICATION_HELD),
            ApplicationState.VERIFIED),
    FAIL_VERIFICATION(EnumSet.of(ApplicationState.VERIFICATION_PENDING, ApplicationState.VERIFICATION_HELD),
            ApplicationState.VERIFICATION_FAILED),
    /** A technical problem or a new identity document: verify again. */
    RETRY_VERIFICATION(EnumSet.of(ApplicationState.VERIFICATION_FAILED), ApplicationState.VERIFICATION_PENDING),
    SIGN_STATEMENT(EnumSet.of(ApplicationState.VERIFIED), ApplicationState.STATEMENT_SIGNED),
    /** Only for products whose statement an operator countersigns. */
    APPROVE_BY_OPERATOR(EnumSet.of(ApplicationState.STATEMENT_SIGNED), ApplicationState.OPERATOR_APPROVED),
    /** From STATEMENT_SIGNED only when the product needs no operator countersignature. */
    ISSUE_CERTIFICATE(EnumSet.of(ApplicationState.STATEMENT_SIGNED, ApplicationState.OPERATOR_APPROVED),
            ApplicationState.CERTIFICATE_ISSUED),
    /** The holder sets a PIN. */
    ACTIVATE(EnumSet.of(ApplicationState.CERTIFICATE_ISSUED), ApplicationState.ACTIVE),
    /** Its certificate revoked (by the holder or an operator), in the revocation's transaction. */
    REVOKE_CERTIFICATE(EnumSet.of(ApplicationState.CERTIFICATE_ISSUED, ApplicationState.ACTIVE), ApplicationState.REVOKED),
    CANCEL(EnumSet.of(ApplicationState.DRAFT, ApplicationState.DATA_SUBMITTED, ApplicationState.DOCUMENTS_ACCEPTED,
            ApplicationState.VERIFICATION_PENDING, ApplicationState.VERIFICATION_HELD,
            ApplicationState.VERIFICATION_FAILED), ApplicationState.CANCELLED),
    /** The provider cannot serve the applicant (e.g. a foreigner on a Poland-only product). */
    REFUND(EnumSet.of(ApplicationState.VERIFICATION_FAILED, ApplicationState.CANCELLED), ApplicationState.REFUNDED),
    /** Abandoned before issuance. */
    EXPIRE(EnumSet.of(ApplicationState.DRAFT, ApplicationState.DATA_SUBMITTED, ApplicationState.DOCUMENTS_ACCEPTED,
            ApplicationState.VERIFICATION_PENDING, ApplicationState.VERIFICATION_HELD,
            ApplicationState.VERIFICATION_FAILED, ApplicationState.VERIFIED), ApplicationState.EXPIRED);

    private final EnumSet<ApplicationState> from;
    private final ApplicationState to;

    ApplicationTransition(EnumSet<ApplicationState> from, ApplicationState to) {
        this.from = from;
        this.to = to;
    }

    public Set<ApplicationState> from() {
        return EnumSet.copyOf(from);
    }

    public ApplicationState to() {
        return to;
    }

    /**
     * The state this transition leads to from {@code current}, or empty when it is illegal there.
     *
     * @param operatorCountersign whether the application's product needs an operator's countersignature
     */
    public Optional<ApplicationState> next(ApplicationState current, boolean operatorCountersign) {
        if (!from.contains(current)) {
            return Optional.empty();
        }
        if (this == APPROVE_BY_OPERATOR && !operatorCountersign) {
            return Optional.empty();
        }
        if (this == ISSUE_CERTIFICATE && current == ApplicationState.STATEMENT_SIGNED && operatorCountersign) {
            return Optional.empty();
        }
        return Optional.of(to);
    }
}
