package io.sigillum.gateway.web;

import java.beans.PropertyEditorSupport;
import java.util.UUID;
import java.util.regex.Pattern;
import org.springframework.web.bind.WebDataBinder;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.InitBinder;

/**
 * Reads a UUID in a path or query only in its canonical form, 8-4-4-4-12 hexadecimal digits (RFC 9562 §4): the JDK's
 * {@link UUID#fromString} also takes {@code 1-1-1-1-1}, which it reads as {@code 00000001-0001-0001-0001-000000000001},
 * so two spellings would name one resource. Anything else is a 400 at the edge, as any value of the wrong type.
 *
 * <p>An editor of every binder rather than a converter: a binder whose conversion service refuses a value falls back to
 * its default editors, and the default UUID editor is the JDK's lenient reading.
 */
@ControllerAdvice
class CanonicalUuidConversion {

    private static final Pattern CANONICAL = Pattern.compile(
            "\\p{XDigit}{8}-\\p{XDigit}{4}-\\p{XDigit}{4}-\\p{XDigit}{4}-\\p{XDigit}{12}");

    @InitBinder
    void canonicalUuids(WebDataBinder binder) {
        binder.registerCustomEditor(UUID.class, new PropertyEditorSupport() {
            @Override
            public void setAsText(String text) {
                // blank is no value, as for the default editor: the edge says the segment is missing
                setValue(text.isBlank() ? null : parse(text));
            }
        });
    }

    static UUID parse(String text) {
        if (!CANONICAL.matcher(text).matches()) {
            throw new IllegalArgumentException("Not a UUID in its canonical form (8-4-4-4-12 hexadecimal digits)");
        }
        return UUID.fromString(text);
    }
}
