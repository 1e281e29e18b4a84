package io.sigillum.gateway.issuance.verification;

import java.math.BigInteger;
import java.util.Locale;
import java.util.regex.Pattern;

/** A Polish IBAN: {@code PL} and 26 digits with a valid ISO 13616 mod-97 checksum; spaces are ignored. */
public final class PolishIban {

    private static final Pattern FORMAT = Pattern.compile("PL\\d{26}");
    private static final BigInteger NINETY_SEVEN = BigInteger.valueOf(97);

    private PolishIban() {
    }

    public static boolean isValid(String account) {
        if (account == null) {
            return false;
        }
        String iban = account.replaceAll("\\s", "").toUpperCase(Locale.ROOT);
        if (!FORMAT.matcher(iban).matches()) {
            return false;
        }
        String rearranged = iban.substring(4) + iban.substring(0, 4);
        StringBuilder digits = new StringBuilder(rearranged.length() + 2);
        for (char c : rearranged.toCharArray()) {
            digits.append(Character.isLetter(c) ? Integer.toString(c - 'A' + 10) : String.valueOf(c));
        }
        return new BigInteger(digits.toString()).mod(NINETY_SEVEN).intValue() == 1;
    }
}
