package io.sigillum.signer;

/** The key alias is not in the token. */
public class UnknownKeyException extends SignerException {

    private static final long serialVersionUID = 1L;

    public UnknownKeyException(String message) {
        super(message);
    }

    public UnknownKeyException(String message, Throwable cause) {
        super(message, cause);
    }
}
