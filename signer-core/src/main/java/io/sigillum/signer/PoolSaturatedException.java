package io.sigillum.signer;

/** Placeholder until the signer-core branch lands. */
public class PoolSaturatedException extends SignerException {
    public PoolSaturatedException(String message) {
        super(message);
    }
}
