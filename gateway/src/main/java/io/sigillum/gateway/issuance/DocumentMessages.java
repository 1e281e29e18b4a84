package io.sigillum.gateway.issuance;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ResourceBundle;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/** The words of the issuance documents in each language they are written in, from {@code documents/messages_*.properties}. */
@Component
public class DocumentMessages {

    /** The documents' languages, Polish first: the voucher prints both in this order. */
    public static final List<Locale> LANGUAGES = List.of(Locale.of("pl"), Locale.ENGLISH);

    private final Map<Locale, ResourceBundle> bundles;

    // the bundles are read here, when the bean is created at start-up: a first read is blocking classpath I/O
    DocumentMessages() {
        ResourceBundle.Control exact = ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES);
        this.bundles = LANGUAGES.stream().collect(Collectors.toUnmodifiableMap(Function.identity(),
                language -> ResourceBundle.getBundle("documents.messages", language, exact)));
    }

    /** The words in {@code language}, one of {@link #LANGUAGES}. */
    public DocumentText in(Locale language) {
        ResourceBundle bundle = bundles.get(language);
        if (bundle == null) {
            throw new IllegalArgumentException("Documents are not written in " + language);
        }
        return new DocumentText(language, bundle);
    }
}
