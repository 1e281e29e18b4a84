package io.sigillum.signer;

/** Base of every error signer-core raises; carries no HTTP semantics. */
public class SignerException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public SignerException(String message) {
        super(message);
    }

    public SignerException(String message, Throwable cause) {
        super(message, cause);
    }
}
