package io.sigillum.gateway.tsa;

import io.sigillum.gateway.secret.Randomness;
import java.math.BigInteger;
import java.time.Clock;

/**
 * Serial numbers of timestamp tokens, unique across every instance without coordination: the issuing millisecond in
 * the high bits and 64 random bits below it. Two instances collide only by drawing the same 64 bits in the same
 * millisecond (odds of about 2^-64 per pair of tokens); RFC 3161 allows up to 160 bits, this uses at most 106.
 */
final class TimestampSerials {

    private final Clock clock;

    TimestampSerials(Clock clock) {
        this.clock = clock;
    }

    BigInteger next() {
        byte[] random = new byte[8];
        Randomness.nextBytes(random);
        return BigInteger.valueOf(clock.millis()).shiftLeft(64).or(new BigInteger(1, random));
    }
}
