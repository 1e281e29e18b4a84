package io.sigillum.gateway.secret;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.DrbgParameters;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.UUID;

/**
 * The gateway's source of secrets (codes, SADs, salts, ids): a NIST SP 800-90A DRBG per thread. A DRBG generates under
 * its own monitor, so one shared instance would make event-loop threads wait on each other under load (a lock that
 * BlockHound cannot see); one instance per thread never contends. Each instance is seeded once from the operating
 * system, the first time its thread asks ({@link #seededDrbg}); after that no call reads a file.
 */
public final class Randomness {

    private static final byte[] PERSONALIZATION = "sigillum".getBytes(StandardCharsets.US_ASCII);
    private static final ThreadLocal<SecureRandom> DRBG = ThreadLocal.withInitial(Randomness::seededDrbg);

    private Randomness() {
    }

    /** Fills {@code target} with random bytes. */
    public static void nextBytes(byte[] target) {
        DRBG.get().nextBytes(target);
    }

    /** A uniformly random int in {@code [0, bound)}. */
    public static int nextInt(int bound) {
        return DRBG.get().nextInt(bound);
    }

    /** {@code bytes} random bytes as lower-case hex. */
    public static String hex(int bytes) {
        byte[] value = new byte[bytes];
        nextBytes(value);
        return HexFormat.of().formatHex(value);
    }

    /**
     * A random (version 4) UUID from this thread's DRBG. {@link UUID#randomUUID()} draws from the JDK's shared
     * {@code NativePRNG}, which now and then reads {@code /dev/urandom} under a lock — a blocking call on whatever event
     * loop happens to ask.
     */
    public static UUID uuid() {
        byte[] bytes = new byte[16];
        nextBytes(bytes);
        bytes[6] = (byte) ((bytes[6] & 0x0f) | 0x40); // version 4
        bytes[8] = (byte) ((bytes[8] & 0x3f) | 0x80); // IETF variant
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        return new UUID(buffer.getLong(), buffer.getLong());
    }

    /**
     * The calling thread's own instance, for APIs that take a {@link SecureRandom}: use it on this thread, never keep it
     * in a field.
     */
    public static SecureRandom current() {
        return DRBG.get();
    }

    private static SecureRandom seededDrbg() {
        try {
            SecureRandom random = SecureRandom.getInstance("DRBG",
                    DrbgParameters.instantiation(256, DrbgParameters.Capability.RESEED_ONLY, PERSONALIZATION));
            random.nextBytes(new byte[1]); // instantiate (read the OS seed) now, not in the middle of a later call
            return random;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("No DRBG SecureRandom in this JDK", e);
        }
    }
}
