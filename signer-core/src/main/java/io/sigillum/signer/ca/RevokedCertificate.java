package io.sigillum.signer.ca;

import io.sigillum.signer.InvalidInputException;
import java.math.BigInteger;
import java.time.Instant;

/**
 * A CRL entry: the serial number, when it was revoked (or suspended) and the RFC 5280 reason code (0 unspecified,
 * 1 keyCompromise, 3 affiliationChanged, 4 superseded, 5 cessationOfOperation, 6 certificateHold, 9 privilegeWithdrawn).
 */
public record RevokedCertificate(BigInteger serial, Instant revokedAt, int reason) {

    public RevokedCertificate {
        if (serial.signum() <= 0) {
            throw new InvalidInputException("a serial number is positive");
        }
        if (reason < 0 || reason > 10 || reason == 7) {
            throw new InvalidInputException("not an RFC 5280 reason code: " + reason);
        }
    }
}
