package io.sigillum.gateway.issuance;

import java.text.MessageFormat;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.ResourceBundle;

/**
 * The words of the issuance documents in one language: messages by key, labels of Java constants, dates and country
 * names as a reader of that language writes them.
 *
 * @param language the language the words are in
 * @param bundle its messages, {@code documents/messages_<language>.properties}
 */
public record DocumentText(Locale language, ResourceBundle bundle) {

    /** The message {@code key} with its {@code {0}, {1}...} filled in. */
    public String get(String key, Object... arguments) {
        return new MessageFormat(bundle.getString(key), language).format(arguments);
    }

    /** How the document names {@code value}: the message {@code group.CONSTANT}, e.g. "Dowód osobisty" for ID_CARD. */
    public String label(String group, Enum<?> value, Object... arguments) {
        return get(group + "." + value.name(), arguments);
    }

    /** The messages {@code group.1}, {@code group.2}... as far as they go, each with the same arguments. */
    public List<String> numbered(String group, Object... arguments) {
        List<String> messages = new ArrayList<>();
        for (int n = 1; bundle.containsKey(group + "." + n); n++) {
            messages.add(get(group + "." + n, arguments));
        }
        return messages;
    }

    /** The date written out, e.g. "20 kwietnia 1984" or "April 20, 1984". */
    public String date(LocalDate date) {
        return DateTimeFormatter.ofLocalizedDate(FormatStyle.LONG).withLocale(language).format(date);
    }

    /** The country's name for an ISO 3166-1 alpha-2 code, e.g. "Polska" or "Poland" for PL. */
    public String country(String code) {
        return Locale.of("", code.strip().toUpperCase(Locale.ROOT)).getDisplayCountry(language);
    }
}
