package io.sigillum.gateway.web;

import java.time.temporal.Temporal;
import java.util.regex.Pattern;
import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.BeanDescription;
import tools.jackson.databind.DeserializationConfig;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.cfg.EnumFeature;
import tools.jackson.databind.deser.ValueDeserializerModifier;
import tools.jackson.databind.deser.jdk.StringDeserializer;
import tools.jackson.databind.deser.std.DelegatingDeserializer;
import tools.jackson.databind.module.SimpleModule;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.StringNode;
import tools.jackson.databind.type.LogicalType;

/**
 * What the gateway accepts in any request, as one rule applied where values are read, not in each handler:
 * <ul>
 * <li>a JSON object may not repeat a key — a reader that takes the first of two {@code hashes} would disagree with us
 * about what is signed;</li>
 * <li>no string may carry a NUL character, which PostgreSQL cannot store in text — in JSON (trees and records alike), in
 * the URI ({@link RequestHygieneFilter}) and in form fields and credentials ({@link #requireStoreSafe});</li>
 * <li>a value has the JSON type its field declares: no number or boolean read as a string, no string or number read as
 * a boolean, no string read as an integer, no fraction cut to an integer, no number taken as an enum constant's
 * position, no number or array read as a date or a time — a client that sends {@code "statementAccepted": 1} or
 * {@code "quantity": 2.9} learns that, instead of our guessing what it meant. A decimal amount may come as a string ({@code "1.00"}), as
 * payment providers send money.</li>
 * </ul>
 * Lengths are bounded by the body limit and the HTTP header limits.
 */
@Configuration(proxyBeanMethods = false)
public class InputRules {

    static final String NUL_MESSAGE = "contains a NUL character (U+0000), which is not accepted";
    /**
     * The characters that do not show as themselves, as a regular expression's class body: control, formatting (a
     * right-to-left override shows "invoice\u202Egnp.exe" as "invoiceexe.png"; zero-width ones show nothing),
     * private-use, surrogate and unassigned.
     */
    public static final String INVISIBLE = "\\p{Cc}\\p{Cf}\\p{Co}\\p{Cs}\\p{Cn}";
    private static final Pattern INVISIBLE_CHARACTER = Pattern.compile("[" + INVISIBLE + "]");

    /** Whether a text shown to a person (a document's label, an address) shows as written: nothing {@link #INVISIBLE}. */
    public static boolean showsAsWritten(String text) {
        return !INVISIBLE_CHARACTER.matcher(text).find();
    }

    /**
     * Refuses a plain string (form field, query parameter, header-borne credential) that a store could not keep, or whose
     * bytes were not UTF-8: the URL decoder puts U+FFFD in their place, and the value would no longer be the one sent (a
     * client's {@code state} would come back changed).
     */
    public static String requireStoreSafe(String name, String value) {
        if (value.indexOf('\u0000') >= 0) {
            throw new RejectedInputException("Parameter " + name + " " + NUL_MESSAGE);
        }
        if (value.indexOf('\uFFFD') >= 0) {
            throw new RejectedInputException("Parameter " + name + " is not valid UTF-8 (percent-encoded bytes that are no "
                    + "character, or U+FFFD)");
        }
        return value;
    }

    @Bean
    JsonMapperBuilderCustomizer strictJsonInput() {
        return builder -> builder
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .enable(EnumFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
                // not lenient: a date is its ISO text, never a number (which would be read as days since 1970)
                .defaultLeniency(false)
                .withCoercionConfig(LogicalType.Textual, strings -> strings.setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
                .withCoercionConfig(LogicalType.Integer, integers -> integers.setCoercion(CoercionInputShape.String, CoercionAction.Fail))
                .withCoercionConfig(LogicalType.Boolean, booleans -> booleans.setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail))
                .nodeFactory(new StoreSafeNodeFactory())
                .addModule(new SimpleModule("sigillum-input-rules").addDeserializer(String.class, new StoreSafeStrings())
                        .setDeserializerModifier(new DatesAsText()));
    }

    /**
     * Dates and times only as their ISO text: Jackson reads a number as seconds since 1970 into an instant, a zoned or an
     * offset date-time, and an array of numbers into a local date, whatever the leniency and the coercion settings say.
     */
    private static final class DatesAsText extends ValueDeserializerModifier {

        @Override
        public ValueDeserializer<?> modifyDeserializer(DeserializationConfig config, BeanDescription.Supplier description,
                ValueDeserializer<?> deserializer) {
            return Temporal.class.isAssignableFrom(deserializer.handledType()) ? new TextOnly(deserializer) : deserializer;
        }
    }

    /** A date or time deserializer that takes a string (or null) and refuses any other JSON value. */
    private static final class TextOnly extends DelegatingDeserializer {

        TextOnly(ValueDeserializer<?> dates) {
            super(dates);
        }

        @Override
        protected ValueDeserializer<?> newDelegatingInstance(ValueDeserializer<?> dates) {
            return new TextOnly(dates);
        }

        @Override
        public Object deserialize(JsonParser parser, DeserializationContext context) {
            if (!parser.hasToken(JsonToken.VALUE_STRING)) {
                return context.handleUnexpectedToken(handledType(), parser);
            }
            return super.deserialize(parser, context);
        }
    }

    /** Tree reading (the CSC handlers): every string node is checked as it is made. */
    private static final class StoreSafeNodeFactory extends JsonNodeFactory {

        @Override
        public StringNode stringNode(String text) {
            if (text != null && text.indexOf('\u0000') >= 0) {
                throw new RejectedInputException("A string in the request " + NUL_MESSAGE);
            }
            return super.stringNode(text);
        }
    }

    /** Record reading (the issuance API, webhooks): every string field is checked as it is read. */
    private static final class StoreSafeStrings extends StringDeserializer {

        @Override
        public String deserialize(JsonParser parser, DeserializationContext context) {
            String value = super.deserialize(parser, context);
            if (value != null && value.indexOf('\u0000') >= 0) {
                throw new RejectedInputException("Field " + parser.currentName() + " " + NUL_MESSAGE);
            }
            return value;
        }
    }
}
