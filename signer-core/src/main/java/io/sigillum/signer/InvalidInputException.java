package io.sigillum.signer;

/** The caller sent something unusable: a digest of the wrong length, an unknown OID, bad parameters. */
public class InvalidInputException extends SignerException {

    private static final long serialVersionUID = 1L;

    public InvalidInputException(String message) {
        super(message);
    }

    public InvalidInputException(String message, Throwable cause) {
        super(message, cause);
    }
}
