package io.sigillum.signer.token;

import io.sigillum.signer.InvalidInputException;

import java.util.regex.Pattern;

/** The name of a key in a token: 1–64 characters of {@code [A-Za-z0-9._-]}. */
public record KeyRef(String alias) {

    private static final Pattern ALIAS = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    public KeyRef {
        if (!ALIAS.matcher(alias).matches()) {
            throw new InvalidInputException("key alias must be 1-64 characters of [A-Za-z0-9._-]");
        }
    }

    public static KeyRef of(String alias) {
        return new KeyRef(alias);
    }
}
