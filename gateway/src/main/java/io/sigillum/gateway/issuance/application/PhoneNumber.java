package io.sigillum.gateway.issuance.application;

import io.sigillum.gateway.issuance.InvalidValueException;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * A mobile phone number in E.164 ({@code +48605935754}): a plus, a country calling code assigned by the ITU, and at most
 * 15 digits in all. Spaces, dashes and brackets typed by a person are dropped; an unassigned country code is refused
 * (an SMS to it could never arrive). Polish numbers must have 9 national digits.
 */
public record PhoneNumber(String value) {

    /** Country calling codes in use (ITU-T E.164 assignments, without international networks and reserved codes). */
    static final Set<String> COUNTRY_CODES = Stream.of(
            Stream.of("1", "7", "20", "27", "30", "31", "32", "33", "34", "36", "39", "40", "41", "43", "44", "45", "46",
                    "47", "48", "49", "51", "52", "53", "54", "55", "56", "57", "58", "60", "61", "62", "63", "64", "65",
                    "66", "81", "82", "84", "86", "90", "91", "92", "93", "94", "95", "98", "211", "212", "213", "216",
                    "218", "290", "291", "297", "298", "299", "350", "351", "352", "353", "354", "355", "356", "357",
                    "358", "359", "370", "371", "372", "373", "374", "375", "376", "377", "378", "380", "381", "382",
                    "383", "385", "386", "387", "389", "420", "421", "423", "500", "501", "502", "503", "504", "505",
                    "506", "507", "508", "509", "590", "591", "592", "593", "594", "595", "596", "597", "598", "599",
                    "670", "672", "673", "674", "675", "676", "677", "678", "679", "680", "681", "682", "683", "685",
                    "686", "687", "688", "689", "690", "691", "692", "850", "852", "853", "855", "856", "880", "886",
                    "960", "961", "962", "963", "964", "965", "966", "967", "968", "970", "971", "972", "973", "974",
                    "975", "976", "977", "992", "993", "994", "995", "996", "998"),
            IntStream.rangeClosed(220, 258).mapToObj(Integer::toString),
            IntStream.rangeClosed(260, 269).mapToObj(Integer::toString))
            .flatMap(s -> s)
            .collect(Collectors.toUnmodifiableSet());

    public PhoneNumber {
        if (!value.matches("\\+[1-9]\\d{6,14}")) {
            throw new InvalidValueException("InvalidFormat", "A phone number is + and 7 to 15 digits (E.164)");
        }
        String countryCode = countryCode(value)
                .orElseThrow(() -> new InvalidValueException("UnknownCountryPrefix", "Unknown country calling code"));
        if (countryCode.equals("48") && value.length() != 12) {
            throw new InvalidValueException("InvalidFormat", "A Polish number has 9 digits after +48");
        }
    }

    /** Reads a number as typed: spaces, dashes, dots and brackets are ignored; {@code 00} is read as {@code +}. */
    public static PhoneNumber parse(String text) {
        String compact = text.replaceAll("[\\s\\-().]", "");
        return new PhoneNumber(compact.startsWith("00") ? "+" + compact.substring(2) : compact);
    }

    public String countryCode() {
        return countryCode(value).orElseThrow();
    }

    private static Optional<String> countryCode(String value) {
        for (int length = 1; length <= 3; length++) {
            String candidate = value.substring(1, 1 + length);
            if (COUNTRY_CODES.contains(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }
}
