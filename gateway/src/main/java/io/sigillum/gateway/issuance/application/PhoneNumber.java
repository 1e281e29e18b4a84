package io.sigillum.gateway.issuance.application;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberFormat;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberType;
import com.google.i18n.phonenumbers.Phonenumber;
import io.sigillum.gateway.issuance.InvalidValueException;
import java.util.Set;

/**
 * A mobile phone number in E.164 ({@code +48605935754}), checked with Google's libphonenumber: the country calling code
 * must be assigned, the number valid in its country, and a mobile one — the statement is signed by an SMS code, which a
 * landline never receives. Spaces, dashes and brackets typed by a person are dropped.
 */
public record PhoneNumber(String value) {

    private static final PhoneNumberUtil NUMBERS = PhoneNumberUtil.getInstance();
    /** Numbers whose type the plan leaves open (e.g. in the US) may be mobiles, so they are accepted. */
    private static final Set<PhoneNumberType> SMS_CAPABLE = Set.of(PhoneNumberType.MOBILE,
            PhoneNumberType.FIXED_LINE_OR_MOBILE);

    static {
        // libphonenumber reads a region's metadata from its jar on first use; read it all here (at start-up, see
        // PhoneNumberWarmup) rather than on an event-loop thread during a request
        NUMBERS.getSupportedRegions().forEach(NUMBERS::getExampleNumber);
        NUMBERS.getSupportedGlobalNetworkCallingCodes().forEach(NUMBERS::getExampleNumberForNonGeoEntity);
    }

    /** Checks that {@code value} is a mobile number already written in E.164. */
    public PhoneNumber {
        if (!value.equals(e164(mobile(value)))) {
            throw new InvalidValueException("InvalidFormat", "A phone number is + and 7 to 15 digits (E.164)");
        }
    }

    /** Reads a number as typed: spaces, dashes, dots and brackets are ignored; {@code 00} is read as {@code +}. */
    public static PhoneNumber parse(String text) {
        String compact = text.replaceAll("[\\s\\-().]", "");
        return new PhoneNumber(e164(mobile(compact.startsWith("00") ? "+" + compact.substring(2) : compact)));
    }

    /** The country calling code, without the plus ({@code 48}). */
    public String countryCode() {
        return Integer.toString(mobile(value).getCountryCode());
    }

    private static Phonenumber.PhoneNumber mobile(String e164) {
        if (!e164.matches("\\+[1-9]\\d{6,14}")) {
            throw new InvalidValueException("InvalidFormat", "A phone number is + and 7 to 15 digits (E.164)");
        }
        Phonenumber.PhoneNumber number;
        try {
            number = NUMBERS.parse(e164, "ZZ");
        } catch (NumberParseException e) {
            throw e.getErrorType() == NumberParseException.ErrorType.INVALID_COUNTRY_CODE
                    ? new InvalidValueException("UnknownCountryPrefix", "Unknown country calling code")
                    : new InvalidValueException("InvalidFormat", "A phone number is + and 7 to 15 digits (E.164)");
        }
        if (!NUMBERS.isValidNumber(number)) {
            throw new InvalidValueException("InvalidNumber",
                    "Not a valid number for country calling code +" + number.getCountryCode());
        }
        if (!SMS_CAPABLE.contains(NUMBERS.getNumberType(number))) {
            throw new InvalidValueException("NotMobile", "An SMS code needs a mobile number; this is not one");
        }
        return number;
    }

    private static String e164(Phonenumber.PhoneNumber number) {
        return NUMBERS.format(number, PhoneNumberFormat.E164);
    }
}
