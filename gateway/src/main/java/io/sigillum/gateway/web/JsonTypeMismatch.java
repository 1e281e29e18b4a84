package io.sigillum.gateway.web;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.util.Arrays;
import java.util.Collection;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.exc.MismatchedInputException;

/**
 * Says which field of a JSON body held a value its type does not take, and what it takes: "Field applicantData.pesel
 * must be a string" rather than a bare "wrong type" (see {@link InputRules} for why no value is coerced). Path and query
 * parameters are described the same way ({@link ErrorClassifier}).
 */
final class JsonTypeMismatch {

    private JsonTypeMismatch() {
    }

    /** The message for a value of the wrong type at a known field; empty for any other failure to read. */
    static Optional<String> describe(MismatchedInputException mismatch) {
        String field = path(mismatch);
        Class<?> target = mismatch.getTargetType();
        if (field.isEmpty() || target == null) {
            return Optional.empty();
        }
        return Optional.of("Field " + field + " must be " + expected(target));
    }

    private static String path(DatabindException failure) {
        StringBuilder path = new StringBuilder();
        for (var reference : failure.getPath()) {
            if (reference.getPropertyName() != null) {
                path.append(path.isEmpty() ? "" : ".").append(reference.getPropertyName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    /** What a value of {@code target} looks like, for a person reading the error: "an integer", "a UUID", ... */
    static String expected(Class<?> target) {
        if (target == String.class || target == char.class || target == Character.class) {
            return "a string";
        }
        if (target == boolean.class || target == Boolean.class) {
            return "true or false";
        }
        if (target == int.class || target == long.class || target == short.class || target == Integer.class
                || target == Long.class || target == Short.class || target == BigInteger.class) {
            return "an integer";
        }
        if (target == double.class || target == float.class || target == Double.class || target == Float.class
                || target == BigDecimal.class) {
            return "a number";
        }
        if (target.isEnum()) {
            return "one of " + Arrays.stream(target.getEnumConstants()).map(constant -> "\"" + ((Enum<?>) constant).name() + "\"")
                    .collect(Collectors.joining(", ", "[", "]"));
        }
        if (target == LocalDate.class) {
            return "a date (YYYY-MM-DD)";
        }
        if (target == Instant.class || target == OffsetDateTime.class || target == ZonedDateTime.class) {
            return "a date and time (RFC 3339, e.g. 2026-12-04T10:15:30Z)";
        }
        if (target == UUID.class) {
            return "a UUID";
        }
        if (target.isArray() || Collection.class.isAssignableFrom(target)) {
            return "an array";
        }
        return target.getName().startsWith("java.") ? "a valid " + target.getSimpleName() : "an object";
    }
}
