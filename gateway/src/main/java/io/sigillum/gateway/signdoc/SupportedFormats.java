package io.sigillum.gateway.signdoc;

import io.sigillum.gateway.csc.wire.ConformanceLevel;
import io.sigillum.gateway.csc.wire.EnvelopeProperty;
import io.sigillum.gateway.csc.wire.SignatureFormat;
import java.util.Arrays;
import java.util.List;

/**
 * What signDoc makes, as CSC {@code info} lists it: {@code signature_formats} (formats with their envelope properties,
 * index for index), {@code conformance_levels}, and the methods this package serves.
 */
public final class SupportedFormats {

    /** {@code signature_formats.formats}. */
    public static final List<String> FORMATS = Arrays.stream(SignatureFormat.values()).map(SignatureFormat::code).toList();

    /** {@code signature_formats.envelope_properties}: for each of {@link #FORMATS}, the envelope properties it takes. */
    public static final List<List<String>> ENVELOPE_PROPERTIES = Arrays.stream(SignatureFormat.values())
            .map(format -> format.envelopes().stream().map(EnvelopeProperty::wireName).toList()).toList();

    /** {@code conformance_levels}. */
    public static final List<String> CONFORMANCE_LEVELS = Arrays.stream(ConformanceLevel.values())
            .map(ConformanceLevel::wireName).toList();

    /** The CSC methods served here, for {@code info.methods}. */
    public static final List<String> METHODS = List.of("signatures/signDoc", "signatures/timestamp");

    private SupportedFormats() {
    }
}
