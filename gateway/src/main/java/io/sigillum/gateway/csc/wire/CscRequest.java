package io.sigillum.gateway.csc.wire;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * A CSC request body read field by field, so every missing or mistyped field gets the CSC API's own error text.
 * Unknown fields are ignored, as the specification asks; the optional strings every method takes ({@code clientData},
 * {@code lang}) are checked here, whether the method reads them or not.
 */
public final class CscRequest {

    /** Optional strings of every method. */
    private static final List<String> COMMON_STRINGS = List.of("clientData", "lang");

    private final JsonNode body;

    public CscRequest(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw CscErrors.invalidRequest("The request body must be a JSON object");
        }
        this.body = body;
        for (String common : COMMON_STRINGS) {
            JsonNode value = body.get(common);
            if (value != null && !value.isNull() && !value.isString()) {
                throw CscErrors.missingString(common);
            }
        }
    }

    public String requiredString(String name) {
        return optionalString(name).orElseThrow(() -> CscErrors.missingString(name));
    }

    public Optional<String> optionalString(String name) {
        JsonNode value = body.get(name);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isString() || value.asString().isBlank()) {
            throw CscErrors.missingString(name);
        }
        return Optional.of(value.asString());
    }

    public int requiredInt(String name) {
        JsonNode value = body.get(name);
        if (value == null || !value.isIntegralNumber() || !value.canConvertToInt()) {
            throw CscErrors.invalidRequest("Missing (or invalid type) integer parameter " + name);
        }
        return value.asInt();
    }

    public boolean optionalBoolean(String name, boolean fallback) {
        JsonNode value = body.get(name);
        if (value == null || value.isNull()) {
            return fallback;
        }
        if (!value.isBoolean()) {
            throw CscErrors.invalidRequest("Invalid type of boolean parameter " + name);
        }
        return value.asBoolean();
    }

    /**
     * A string array; a bare string counts as a one-element array (the CSC samples disagree, and clients send both).
     * Empty when absent.
     */
    public List<String> stringArray(String name) {
        JsonNode value = body.get(name);
        if (value == null || value.isNull()) {
            return List.of();
        }
        if (value.isString()) {
            return List.of(value.asString());
        }
        if (!value.isArray()) {
            throw CscErrors.invalidRequest("Missing (or invalid type) array parameter " + name);
        }
        List<String> items = new ArrayList<>(value.size());
        for (JsonNode item : value) {
            if (!item.isString()) {
                throw CscErrors.invalidRequest("Invalid type of an element of " + name);
            }
            items.add(item.asString());
        }
        return items;
    }

    /** An array of JSON objects, each read like a request of its own; empty when absent. */
    public List<CscRequest> objects(String name) {
        JsonNode value = body.get(name);
        if (value == null || value.isNull()) {
            return List.of();
        }
        if (!value.isArray()) {
            throw CscErrors.invalidRequest("Missing (or invalid type) array parameter " + name);
        }
        List<CscRequest> items = new ArrayList<>(value.size());
        for (JsonNode item : value) {
            if (!item.isObject()) {
                throw CscErrors.invalidRequest("Invalid type of an element of " + name + " (an object is expected)");
            }
            items.add(new CscRequest(item));
        }
        return items;
    }

    /**
     * Refuses an {@code operationMode} other than {@code S}: every method here answers synchronously. The asynchronous
     * mode's {@code validity_period} (milliseconds) and {@code response_uri} mean nothing then, but are of their types.
     */
    public void requireSynchronous() {
        optionalString("operationMode").filter(mode -> !mode.equals("S")).ifPresent(mode -> {
            throw CscErrors.invalidRequest("Only synchronous operationMode S is supported");
        });
        JsonNode validity = body.get("validity_period");
        if (validity != null && !validity.isNull() && !(validity.isIntegralNumber() && validity.canConvertToLong()
                && validity.asLong() > 0)) {
            throw CscErrors.invalidRequest("Invalid type of integer parameter validity_period (milliseconds, at least 1)");
        }
        optionalString("response_uri");
    }

    /** Whether the field is present and not null. */
    public boolean has(String name) {
        JsonNode value = body.get(name);
        return value != null && !value.isNull();
    }

    /**
     * The value of an {@code authData} object by id, or of the v1-style top-level field of the same name. An id given
     * twice is refused, whatever the values: which of two PINs was checked must not depend on the reader.
     */
    public Optional<String> authValue(String id) {
        JsonNode authData = body.get("authData");
        if (authData != null && !authData.isNull()) {
            if (!authData.isArray()) {
                throw CscErrors.invalidRequest("Missing (or invalid type) array parameter authData");
            }
            Optional<String> found = Optional.empty();
            for (JsonNode item : authData) {
                JsonNode itemId = item.get("id");
                JsonNode itemValue = item.get("value");
                if (itemId != null && itemId.isString() && itemId.asString().equalsIgnoreCase(id)) {
                    if (itemValue == null || !itemValue.isString()) {
                        throw CscErrors.invalidRequest("Missing (or invalid type) string value of authData " + id);
                    }
                    if (found.isPresent()) {
                        throw CscErrors.invalidRequest("authData " + id + " is given more than once");
                    }
                    found = Optional.of(itemValue.asString());
                }
            }
            if (found.isPresent()) {
                if (has(id)) {
                    throw CscErrors.invalidRequest(id + " is given both in authData and as a parameter of its own");
                }
                return found;
            }
        }
        return optionalString(id);
    }
}
