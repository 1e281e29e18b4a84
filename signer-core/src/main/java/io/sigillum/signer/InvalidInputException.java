package io.sigillum.signer;

/** Placeholder until the signer-core branch lands. */
public class InvalidInputException extends SignerException {
    public InvalidInputException(String message) {
        super(message);
    }
}
