package io.sigillum.gateway.ca;

import java.math.BigInteger;
import java.time.Instant;
import java.util.Optional;

/**
 * The revocation state of one certificate the issuing CA issued.
 *
 * @param reason the RFC 5280 reason code while revoked or suspended (6, certificateHold, for a suspension)
 * @param revokedAt when it was revoked or suspended
 */
public record CertificateState(BigInteger serial, CertificateKind kind, Optional<String> credentialId, Status status,
        Optional<Integer> reason, Optional<Instant> revokedAt, Instant notAfter) {

    /** RFC 5280's certificateHold. */
    public static final int CERTIFICATE_HOLD = 6;

    /** Where a certificate stands. */
    public enum Status {
        /** Not revoked. */
        GOOD,
        /** Revoked for good. */
        REVOKED,
        /** On hold (certificateHold): revoked until released. */
        SUSPENDED
    }
}
