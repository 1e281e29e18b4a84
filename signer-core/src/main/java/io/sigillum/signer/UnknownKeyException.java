package io.sigillum.signer;

/** Placeholder until the signer-core branch lands. */
public class UnknownKeyException extends SignerException {
    public UnknownKeyException(String message) {
        super(message);
    }
}
