package io.sigillum.gateway.csc.wire;

import java.util.List;

/**
 * A CSC {@code conformance_level} this service makes: baseline B; T (with a signature timestamp); LT (and the
 * certificates' revocation data, OCSP and CRLs from the built-in CA); LTA (and an archive timestamp over all of it).
 */
public enum ConformanceLevel {
    B_B("AdES-B-B", List.of("AdES-B-B", "AdES-B")),
    B_T("AdES-B-T", List.of("AdES-B-T", "AdES-T")),
    B_LT("AdES-B-LT", List.of("AdES-B-LT", "AdES-LT")),
    B_LTA("AdES-B-LTA", List.of("AdES-B-LTA", "AdES-LTA"));

    private final String wireName;
    private final List<String> names;

    ConformanceLevel(String wireName, List<String> names) {
        this.wireName = wireName;
        this.names = names;
    }

    public String wireName() {
        return wireName;
    }

    /** Whether the signature carries a signature timestamp (every level from T on). */
    public boolean timestamped() {
        return this != B_B;
    }

    /** Compared case-insensitively: the specification itself writes both {@code AdES} and {@code Ades}. */
    static ConformanceLevel read(String value) {
        for (ConformanceLevel level : values()) {
            if (level.names.stream().anyMatch(value::equalsIgnoreCase)) {
                return level;
            }
        }
        throw CscErrors.invalidRequest("Invalid parameter conformance_level: " + SignatureFormat.printable(value)
                + " (AdES-B-B, AdES-B-T, AdES-B-LT or AdES-B-LTA)");
    }
}
