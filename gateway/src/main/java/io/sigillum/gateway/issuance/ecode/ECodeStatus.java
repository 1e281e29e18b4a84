package io.sigillum.gateway.issuance.ecode;

/** Where an e-code is in its life: {@code ACTIVE → USED | EXPIRED | DISPOSED}; the list's tabs. */
public enum ECodeStatus {
    ACTIVE, USED, EXPIRED, DISPOSED
}
