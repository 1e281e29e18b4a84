package io.sigillum.signer;

/** The signing pool's queue is full; the request was refused immediately, retry later. */
public class PoolSaturatedException extends SignerException {

    private static final long serialVersionUID = 1L;

    public PoolSaturatedException(String message) {
        super(message);
    }

    public PoolSaturatedException(String message, Throwable cause) {
        super(message, cause);
    }
}
