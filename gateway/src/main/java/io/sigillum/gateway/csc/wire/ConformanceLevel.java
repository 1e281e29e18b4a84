package io.sigillum.gateway.csc.wire;

import java.util.List;

/** A CSC {@code conformance_level} this service makes: baseline B, or baseline T (with a signature timestamp). */
public enum ConformanceLevel {
    B_B("AdES-B-B", List.of("AdES-B-B", "AdES-B")),
    B_T("AdES-B-T", List.of("AdES-B-T", "AdES-T"));

    private final String wireName;
    private final List<String> names;

    ConformanceLevel(String wireName, List<String> names) {
        this.wireName = wireName;
        this.names = names;
    }

    public String wireName() {
        return wireName;
    }

    /** Compared case-insensitively: the specification itself writes both {@code AdES} and {@code Ades}. */
    static ConformanceLevel read(String value) {
        for (ConformanceLevel level : values()) {
            if (level.names.stream().anyMatch(value::equalsIgnoreCase)) {
                return level;
            }
        }
        throw CscErrors.invalidRequest("Invalid parameter conformance_level: " + SignatureFormat.printable(value)
                + " (AdES-B-B or AdES-B-T)");
    }
}
