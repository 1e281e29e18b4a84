package io.sigillum.gateway.issuance.ecode;

import io.sigillum.gateway.issuance.InvalidValueException;
import java.util.random.RandomGenerator;

/**
 * An e-code (voucher code): 16 characters over an alphabet without look-alikes (no 0/O/o, 1/I/l), shown in groups of four
 * ({@code Djfw 9mAN vhXk GWiX}), accepted with or without whitespace or dashes between them, and case-exact. 56^16 ≈ 2^93
 * possible codes.
 *
 * @param value the 16 characters, without spaces
 */
public record ECode(String value) {

    /** The characters a code is drawn from. */
    public static final String ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz";
    public static final int LENGTH = 16;

    public ECode {
        if (value.length() != LENGTH) {
            throw new InvalidValueException("InvalidLength", "An e-code has " + LENGTH + " characters");
        }
        for (int i = 0; i < value.length(); i++) {
            if (ALPHABET.indexOf(value.charAt(i)) < 0) {
                throw new InvalidValueException("InvalidCharacter", "An e-code has no character '" + value.charAt(i) + "'");
            }
        }
    }

    /**
     * Reads a code as a person types it: whitespace and dashes anywhere are ignored (a shop's receipt may print the groups
     * joined by dashes; neither is in the alphabet), letter case is significant.
     */
    public static ECode parse(String input) {
        return new ECode(withoutSeparators(input));
    }

    /** Draws a code from {@code random}, which must be a CSPRNG. */
    public static ECode random(RandomGenerator random) {
        char[] chars = new char[LENGTH];
        for (int i = 0; i < LENGTH; i++) {
            chars[i] = ALPHABET.charAt(random.nextInt(ALPHABET.length()));
        }
        return new ECode(new String(chars));
    }

    static String withoutSeparators(String input) {
        return input.replaceAll("[\\s\\-\\u2010-\\u2015]+", "");
    }

    /** The code in groups of four, as printed on a voucher. */
    public String grouped() {
        return value.substring(0, 4) + " " + value.substring(4, 8) + " " + value.substring(8, 12) + " "
                + value.substring(12);
    }

    @Override
    public String toString() {
        return grouped();
    }
}
