package io.sigillum.gateway.security;

import java.security.DrbgParameters;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * The gateway's source of secrets (codes, SADs, ids): a NIST SP 800-90A DRBG seeded once from the operating system.
 * Unlike the default NativePRNG it does not read {@code /dev/urandom} on every call, so it is safe on event-loop threads.
 */
public final class Randomness {

    private static final SecureRandom DRBG = create();

    private Randomness() {
    }

    public static SecureRandom secureRandom() {
        return DRBG;
    }

    /** {@code bytes} random bytes as lower-case hex. */
    public static String hex(int bytes) {
        byte[] value = new byte[bytes];
        DRBG.nextBytes(value);
        return HexFormat.of().formatHex(value);
    }

    private static SecureRandom create() {
        try {
            SecureRandom random = SecureRandom.getInstance("DRBG",
                    DrbgParameters.instantiation(256, DrbgParameters.Capability.RESEED_ONLY, "sigillum".getBytes()));
            random.nextBytes(new byte[1]); // seed now, on the thread that loads the class
            return random;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("No DRBG SecureRandom in this JDK", e);
        }
    }
}
