package io.sigillum.gateway.csc.wire;

/** A CSC {@code signed_envelope_property}: how the signature and the signed data are packaged. */
public enum EnvelopeProperty {
    /** PAdES: the document's first signature, certifying it (DocMDP: form filling and further signatures allowed). */
    CERTIFICATION("Certification"),
    /** PAdES: an approval signature in a new revision of the document. */
    REVISION("Revision"),
    /** The signature apart from the data (CAdES, JAdES, XAdES). */
    DETACHED("Detached"),
    /** The data inside the signature (CAdES, JAdES). */
    ATTACHED("Attached"),
    /** XAdES: the signature inside the signed XML document. */
    ENVELOPED("Enveloped"),
    /** XAdES: the data inside the signature. */
    ENVELOPING("Enveloping");

    private final String wireName;

    EnvelopeProperty(String wireName) {
        this.wireName = wireName;
    }

    /** The name as the CSC API spells it. */
    public String wireName() {
        return wireName;
    }

    static EnvelopeProperty read(String value, SignatureFormat format) {
        for (EnvelopeProperty property : format.envelopes()) {
            if (property.wireName.equalsIgnoreCase(value)) {
                return property;
            }
        }
        throw CscErrors.invalidRequest("Invalid parameter signed_envelope_property: " + SignatureFormat.printable(value)
                + " (format " + format.code() + " takes " + format.envelopes().stream().map(EnvelopeProperty::wireName).toList() + ")");
    }
}
