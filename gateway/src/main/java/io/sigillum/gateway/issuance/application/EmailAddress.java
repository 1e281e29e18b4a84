package io.sigillum.gateway.issuance.application;

import io.sigillum.gateway.issuance.InvalidValueException;
import java.util.regex.Pattern;

/** An e-mail address: one {@code @}, a dotted domain, no spaces, at most 254 characters (RFC 5321's path limit). */
public record EmailAddress(String value) {

    private static final int MAX_LENGTH = 254;
    private static final Pattern FORMAT = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");

    public EmailAddress {
        if (value.length() > MAX_LENGTH || !FORMAT.matcher(value).matches()) {
            throw new InvalidValueException("InvalidFormat", "not an e-mail address");
        }
    }
}
