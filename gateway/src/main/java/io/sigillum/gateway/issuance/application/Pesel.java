package io.sigillum.gateway.issuance.application;

import io.sigillum.gateway.issuance.InvalidValueException;
import java.time.DateTimeException;
import java.time.LocalDate;

/**
 * A Polish PESEL number: 11 digits with a checksum, encoding the date of birth (the month offset by 80/0/20/40/60 for the
 * 1800s to the 2200s) and sex (the tenth digit). Only a PESEL that passes both checks can exist.
 */
public record Pesel(String value) {

    private static final int[] WEIGHTS = {1, 3, 7, 9, 1, 3, 7, 9, 1, 3};

    public Pesel {
        if (!value.matches("\\d{11}")) {
            throw new InvalidValueException("InvalidFormat", "A PESEL has 11 digits");
        }
        int sum = 0;
        for (int i = 0; i < 10; i++) {
            sum += WEIGHTS[i] * digit(value, i);
        }
        if ((10 - sum % 10) % 10 != digit(value, 10)) {
            throw new InvalidValueException("InvalidChecksum", "This PESEL's check digit is wrong");
        }
        decodeBirthDate(value);
    }

    public LocalDate birthDate() {
        return decodeBirthDate(value);
    }

    public Sex sex() {
        return digit(value, 9) % 2 == 1 ? Sex.MALE : Sex.FEMALE;
    }

    private static LocalDate decodeBirthDate(String value) {
        int yy = digit(value, 0) * 10 + digit(value, 1);
        int encodedMonth = digit(value, 2) * 10 + digit(value, 3);
        int day = digit(value, 4) * 10 + digit(value, 5);
        int century = switch (encodedMonth / 20) {
            case 0 -> 1900;
            case 1 -> 2000;
            case 2 -> 2100;
            case 3 -> 2200;
            default -> 1800;
        };
        try {
            return LocalDate.of(century + yy, encodedMonth % 20, day);
        } catch (DateTimeException e) {
            throw new InvalidValueException("InvalidBirthDate", "This PESEL encodes no valid date of birth");
        }
    }

    private static int digit(String value, int index) {
        return value.charAt(index) - '0';
    }

    @Override
    public String toString() {
        // a PESEL is personal data: logs get the birth-date part only
        return "Pesel[" + value.substring(0, 6) + "*****]";
    }
}
