package io.sigillum.gateway.issuance.application;

import io.sigillum.gateway.issuance.InvalidValueException;
import java.util.Locale;
import java.util.Set;

/** An ISO 3166-1 alpha-2 country code ({@code PL}); only an assigned code can exist. */
public record CountryCode(String value) {

    private static final Set<String> ASSIGNED = Set.of(Locale.getISOCountries());
    private static final String POLAND = "PL";

    public CountryCode {
        if (!ASSIGNED.contains(value)) {
            throw new InvalidValueException("InvalidCountry", "not an ISO 3166-1 alpha-2 country code");
        }
    }

    /** Reads a code as typed: surrounding blanks dropped, any case. */
    public static CountryCode parse(String text) {
        return new CountryCode(text.strip().toUpperCase(Locale.ROOT));
    }

    public boolean isPoland() {
        return POLAND.equals(value);
    }
}
