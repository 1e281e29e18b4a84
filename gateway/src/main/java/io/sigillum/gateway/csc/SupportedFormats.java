package io.sigillum.gateway.csc;

import java.util.List;

/**
 * What the service signs, as {@code info} announces it (CSC 2.2 makes every field required). The default,
 * {@link #HASH_ONLY}, is a service of {@code signatures/signHash} alone: it builds no signature format, so it claims no
 * format and no conformance level, and signs digests of the data to be signed ({@code DTBSR}) that the client computed.
 * {@code signatures/signDoc} declares a bean of this type with the formats, envelopes, levels and hash types it builds.
 *
 * @param formats {@code signature_formats.formats}: {@code C}, {@code X}, {@code P}, {@code J}
 * @param envelopeProperties {@code signature_formats.envelope_properties}: per format, its envelope properties
 * @param conformanceLevels {@code conformance_levels}, e.g. {@code AdES-B-B}
 * @param hashTypes {@code supportedHashTypes}: the kinds of digest accepted — {@code DTBSR} (data to be signed
 *        representation, what signHash signs), {@code SDR} (signed data representation, a document's digest that
 *        signDoc builds a signature over)
 */
public record SupportedFormats(List<String> formats, List<List<String>> envelopeProperties, List<String> conformanceLevels,
        List<String> hashTypes) {

    /** signHash only. */
    public static final SupportedFormats HASH_ONLY = new SupportedFormats(List.of(), List.of(), List.of(), List.of("DTBSR"));

    public SupportedFormats {
        formats = List.copyOf(formats);
        envelopeProperties = envelopeProperties.stream().<List<String>>map(List::copyOf).toList();
        conformanceLevels = List.copyOf(conformanceLevels);
        hashTypes = List.copyOf(hashTypes);
    }
}
