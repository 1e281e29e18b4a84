package io.sigillum.gateway.issuance.application;

import io.sigillum.gateway.account.Mailbox;
import io.sigillum.gateway.issuance.InvalidValueException;
import java.util.regex.Pattern;

/** An e-mail address as {@link Mailbox} describes it. */
public record EmailAddress(String value) {

    private static final int MAX_LENGTH = 254;
    private static final Pattern FORMAT = Pattern.compile(Mailbox.SYNTAX);

    public EmailAddress {
        if (value.length() > MAX_LENGTH || !FORMAT.matcher(value).matches()) {
            throw new InvalidValueException("InvalidFormat", "not an e-mail address: letters, digits and !#$%&'*+/=?^_`{|}~.- "
                    + "before one @, a domain such as example.com after it; no spaces, control or formatting characters");
        }
    }
}
