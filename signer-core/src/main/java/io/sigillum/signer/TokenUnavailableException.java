package io.sigillum.signer;

/** Placeholder until the signer-core branch lands. */
public class TokenUnavailableException extends SignerException {
    public TokenUnavailableException(String message) {
        super(message);
    }
}
