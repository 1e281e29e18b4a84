package io.sigillum.signer;

/** Placeholder until the signer-core branch lands. */
public class SignerException extends RuntimeException {
    public SignerException(String message) {
        super(message);
    }
}
