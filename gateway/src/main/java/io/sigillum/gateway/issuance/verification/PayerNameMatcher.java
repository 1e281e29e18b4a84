package io.sigillum.gateway.issuance.verification;

import java.text.Normalizer;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Whether a bank transfer's payer name is the applicant: compared without case, diacritics (ł counts as l) or
 * punctuation, and in any order of names ("NOWAK JAN", "Jan Adam Nowak"). Every name of the applicant's first name and
 * surname must appear; a second name may be missing, but the payer may not add names of someone else.
 */
public final class PayerNameMatcher {

    private PayerNameMatcher() {
    }

    public static boolean matches(String payerName, String firstName, String secondName, String surname) {
        List<String> payer = words(payerName);
        List<String> required = Stream.concat(words(firstName).stream(), words(surname).stream()).toList();
        List<String> optional = words(secondName);
        if (payer.isEmpty() || !payer.containsAll(required)) {
            return false;
        }
        return payer.stream().allMatch(word -> required.contains(word) || optional.contains(word));
    }

    /** Lower case, no diacritics, split on anything that is not a letter (hyphenated surnames give two words). */
    static List<String> words(String name) {
        if (name == null) {
            return List.of();
        }
        String plain = Normalizer.normalize(name.toLowerCase(Locale.ROOT).replace('ł', 'l'), Normalizer.Form.NFD)
                .replaceAll("\\p{M}", "");
        return Arrays.stream(plain.split("[^\\p{L}]+")).filter(word -> !word.isEmpty()).toList();
    }
}
