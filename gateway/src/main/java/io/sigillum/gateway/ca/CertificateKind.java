package io.sigillum.gateway.ca;

/** What a certificate from the built-in issuing CA is for. */
public enum CertificateKind {
    /** A holder's signing certificate (a credential's). */
    END_ENTITY,
    /** The time-stamping unit's. */
    TIMESTAMPING,
    /** The QTSP's electronic seal's. */
    SEAL,
    /** The delegated OCSP responder's. */
    OCSP
}
