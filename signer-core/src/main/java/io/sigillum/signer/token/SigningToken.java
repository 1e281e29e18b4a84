package io.sigillum.signer.token;

/**
 * A place where keys live and sign (an HSM through PKCS#11, or the software token). The pool gives each worker thread
 * its own {@link TokenSession}; the token itself only opens sessions and describes itself.
 */
public interface SigningToken extends AutoCloseable {

    /** Human-readable, for health details, e.g. "PKCS#11 SoftHSM slot 0". Never contains secrets. */
    String description();

    /** The JCA provider that signs, for health details. */
    String signingProvider();

    /** How many workers suit this token on this machine. */
    int recommendedWorkers();

    /**
     * Whether signing is computation in this process only (no device, no I/O, nothing that can hang) and its sessions
     * hold nothing outside the heap, so a small request may be signed on the caller's thread. False unless a token
     * says so.
     */
    default boolean signsInProcess() {
        return false;
    }

    /**
     * Opens a session for one worker thread. The session is used by that thread only and closed by it; a worker whose
     * session broke closes it and opens a new one.
     */
    TokenSession openSession();

    @Override
    void close();
}
