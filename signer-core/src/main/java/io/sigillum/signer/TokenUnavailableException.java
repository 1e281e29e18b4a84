package io.sigillum.signer;

/** The token cannot serve now: session broken, circuit open, timeout, pool closed. */
public class TokenUnavailableException extends SignerException {

    private static final long serialVersionUID = 1L;

    public TokenUnavailableException(String message) {
        super(message);
    }

    public TokenUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
