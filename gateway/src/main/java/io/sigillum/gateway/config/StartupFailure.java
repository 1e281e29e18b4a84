package io.sigillum.gateway.config;

/** A start-up failure whose message is the whole story: printed as one line, no stack trace. */
public class StartupFailure extends RuntimeException {

    public StartupFailure(String message) {
        super(message);
    }

    public StartupFailure(String message, Throwable cause) {
        super(message, cause);
    }
}
