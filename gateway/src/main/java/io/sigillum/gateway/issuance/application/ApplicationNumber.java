package io.sigillum.gateway.issuance.application;

import io.sigillum.gateway.issuance.InvalidValueException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The number an applicant and an operator use to talk about an application ("wniosek o numerze …"): the year it was
 * created and a serial, shown as {@code 2026-000082}.
 */
public record ApplicationNumber(int year, long serial) {

    private static final Pattern FORMAT = Pattern.compile("(\\d{4})-(\\d{6,})");

    public ApplicationNumber {
        if (year < 2000 || year > 9999 || serial < 1) {
            throw new InvalidValueException("InvalidFormat", "Not an application number");
        }
    }

    public static ApplicationNumber parse(String text) {
        Matcher matcher = FORMAT.matcher(text.strip());
        if (!matcher.matches()) {
            throw new InvalidValueException("InvalidFormat", "An application number looks like 2026-000082");
        }
        return new ApplicationNumber(Integer.parseInt(matcher.group(1)), Long.parseLong(matcher.group(2)));
    }

    @Override
    public String toString() {
        return String.format("%04d-%06d", year, serial);
    }
}
