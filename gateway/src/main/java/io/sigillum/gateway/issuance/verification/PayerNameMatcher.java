package io.sigillum.gateway.issuance.verification;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Whether a bank transfer's payer name is the applicant: compared without case, diacritics (ł counts as l) or
 * punctuation, and in any order of names ("NOWAK JAN", "Jan Adam Nowak"). Every name of the applicant's first name and
 * surname must appear; a second name may be missing, but the payer may not add names of someone else. A Polish transfer
 * carries the payer as "nazwa i adres nadawcy" in one field: the name is what comes before the address (its first word
 * with a digit, or a street's marker such as "ul."), and a leading "Pan"/"Pani" is no name.
 */
public final class PayerNameMatcher {

    /** Words that begin a Polish address: street, avenue, estate, square, roundabout. */
    private static final Set<String> ADDRESS_MARKERS = Set.of("ul", "ulica", "al", "aleja", "aleje", "os", "osiedle", "pl", "plac",
            "rondo");
    private static final Set<String> COURTESY_TITLES = Set.of("pan", "pani", "p");

    private PayerNameMatcher() {
    }

    public static boolean matches(String payerName, String firstName, String secondName, String surname) {
        List<String> payer = words(namePart(payerName));
        // "Pan Jan Nowak"; but "Pan" may be a surname too ("Jan Pan"), so the words are tried with it as well
        return nameMatches(payer, firstName, secondName, surname) || !payer.isEmpty()
                && COURTESY_TITLES.contains(payer.getFirst()) && nameMatches(payer.subList(1, payer.size()), firstName,
                        secondName, surname);
    }

    private static boolean nameMatches(List<String> payer, String firstName, String secondName, String surname) {
        List<String> required = Stream.concat(words(firstName).stream(), words(surname).stream()).toList();
        List<String> optional = words(secondName);
        if (payer.isEmpty() || !payer.containsAll(required)) {
            return false;
        }
        return payer.stream().allMatch(word -> required.contains(word) || optional.contains(word));
    }

    /** The payer field up to its address. */
    static String namePart(String payerField) {
        if (payerField == null) {
            return "";
        }
        List<String> name = new ArrayList<>();
        for (String token : payerField.strip().split("\\s+")) {
            String plain = token.toLowerCase(Locale.ROOT).replaceAll("[.,:]", "");
            if (token.chars().anyMatch(Character::isDigit) || ADDRESS_MARKERS.contains(plain)) {
                break;
            }
            name.add(token);
        }
        return String.join(" ", name);
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
