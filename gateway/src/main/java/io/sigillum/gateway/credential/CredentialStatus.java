package io.sigillum.gateway.credential;

/** Lifecycle of a signing credential. */
public enum CredentialStatus {
    /** Issued, but the holder has not set a PIN yet. */
    PENDING,
    /** Usable for remote signing. */
    ACTIVE,
    /** Switched off by an operator. */
    DISABLED,
    /** Too many wrong PINs; only an operator unlocks it. */
    LOCKED,
    /** Its certificate is revoked (for good): it never signs again. */
    REVOKED,
    /** Its certificate is on hold (certificateHold): no signing until an operator releases it. */
    SUSPENDED
}
