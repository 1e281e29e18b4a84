package io.sigillum.gateway.secret;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * SHA-256 without a provider look-up per hash: {@code MessageDigest.getInstance} searches the providers and checks the
 * algorithm constraints on every call, which was ~2 % of the event loops' time under signHash ×1 (a SAD's id, and each
 * audit record's chain hash). One digest per thread instead, as {@link Randomness} keeps one DRBG per thread.
 */
public final class Sha256 {

    private static final ThreadLocal<MessageDigest> DIGESTS = ThreadLocal.withInitial(Sha256::newDigest);

    private Sha256() {
    }

    /**
     * This thread's SHA-256, reset. For one hash made from start to end in the caller (updates, then {@code digest()}),
     * never handed on nor kept: the next call on this thread resets it.
     */
    public static MessageDigest threadDigest() {
        MessageDigest digest = DIGESTS.get();
        digest.reset();
        return digest;
    }

    /** The SHA-256 of {@code data}. */
    public static byte[] of(byte[] data) {
        return threadDigest().digest(data);
    }

    private static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
