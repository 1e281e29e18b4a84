package io.sigillum.gateway.csc.wire;

import java.util.Locale;

/** How many certificates a credential's description carries: none, the end-entity one, or the whole chain. */
public enum Certificates {
    NONE, SINGLE, CHAIN;

    static Certificates read(CscRequest request) {
        return request.optionalString("certificates").map(value -> switch (value.toLowerCase(Locale.ROOT)) {
            case "none" -> NONE;
            case "single" -> SINGLE;
            case "chain" -> CHAIN;
            default -> throw CscErrors.invalidParameter("certificates");
        }).orElse(SINGLE);
    }
}
