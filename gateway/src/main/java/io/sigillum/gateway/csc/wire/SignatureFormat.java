package io.sigillum.gateway.csc.wire;

import java.util.List;
import java.util.Locale;

/** A CSC {@code signature_format}: the AdES family, the envelope properties it takes and the one it takes by default. */
public enum SignatureFormat {
    CADES("C", EnvelopeProperty.ATTACHED, List.of(EnvelopeProperty.DETACHED, EnvelopeProperty.ATTACHED)),
    XADES("X", EnvelopeProperty.ENVELOPED,
            List.of(EnvelopeProperty.ENVELOPED, EnvelopeProperty.ENVELOPING, EnvelopeProperty.DETACHED)),
    PADES("P", EnvelopeProperty.CERTIFICATION, List.of(EnvelopeProperty.CERTIFICATION, EnvelopeProperty.REVISION)),
    JADES("J", EnvelopeProperty.ATTACHED, List.of(EnvelopeProperty.DETACHED, EnvelopeProperty.ATTACHED));

    private final String code;
    private final EnvelopeProperty defaultEnvelope;
    private final List<EnvelopeProperty> envelopes;

    SignatureFormat(String code, EnvelopeProperty defaultEnvelope, List<EnvelopeProperty> envelopes) {
        this.code = code;
        this.defaultEnvelope = defaultEnvelope;
        this.envelopes = envelopes;
    }

    /** The one-letter CSC code. */
    public String code() {
        return code;
    }

    public EnvelopeProperty defaultEnvelope() {
        return defaultEnvelope;
    }

    /** The envelope properties this format can be made with. */
    public List<EnvelopeProperty> envelopes() {
        return envelopes;
    }

    static SignatureFormat read(String value) {
        for (SignatureFormat format : values()) {
            if (format.code.equals(value.toUpperCase(Locale.ROOT))) {
                return format;
            }
        }
        throw CscErrors.invalidRequest("Invalid parameter signature_format: " + printable(value) + " (one of C, X, P, J)");
    }

    static String printable(String value) {
        return value.length() > 32 ? value.substring(0, 32) + "…" : value;
    }
}
