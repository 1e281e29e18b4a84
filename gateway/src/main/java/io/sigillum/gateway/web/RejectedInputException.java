package io.sigillum.gateway.web;

/**
 * A value a client sent that no store of ours can keep (a NUL character, for one). Thrown where the value is read —
 * inside the JSON reader or by {@link InputRules} — and answered 400 in the path's error form; the value itself is never
 * echoed, since it may be a secret.
 */
public final class RejectedInputException extends RuntimeException {

    public RejectedInputException(String message) {
        super(message, null, false, false);
    }
}
