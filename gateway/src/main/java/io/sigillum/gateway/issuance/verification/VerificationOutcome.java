package io.sigillum.gateway.issuance.verification;

/**
 * Why a verification was not positive, and what follows (the InfoCert FAQ): a technical or data error may be retried
 * with a new link; an invalid document needs a new document first; a product restriction ends in a refund.
 */
public enum VerificationOutcome {
    TECHNICAL_ERROR, DATA_ERROR, INVALID_DOCUMENT, PRODUCT_RESTRICTION;

    public boolean refunds() {
        return this == PRODUCT_RESTRICTION;
    }

    public boolean needsNewDocument() {
        return this == INVALID_DOCUMENT;
    }
}
