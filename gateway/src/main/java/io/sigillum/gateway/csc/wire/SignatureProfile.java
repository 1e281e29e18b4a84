package io.sigillum.gateway.csc.wire;

import io.sigillum.signer.algorithm.SignatureScheme;
import java.util.Optional;

/**
 * How one signDoc signature is to be made: format, level, envelope and the signature algorithm (whose digest is also
 * the digest of DSS's data to be signed).
 *
 * @param envelopeNamed whether the request named the envelope, or it is the default
 */
public record SignatureProfile(SignatureFormat format, ConformanceLevel level, EnvelopeProperty envelope, SignatureScheme scheme,
        boolean envelopeNamed) {

    /** The same signature in another envelope, which the request did not name. */
    public SignatureProfile withDefaultEnvelope(EnvelopeProperty other) {
        return new SignatureProfile(format, level, other, scheme, false);
    }

    static SignatureProfile read(CscRequest item) {
        return read(item, Optional.empty());
    }

    /** With {@code defaultEnvelope} when the request names none, else the format's own default. */
    static SignatureProfile read(CscRequest item, Optional<EnvelopeProperty> defaultEnvelope) {
        SignatureFormat format = SignatureFormat.read(item.requiredString("signature_format"));
        ConformanceLevel level = item.optionalString("conformance_level").map(ConformanceLevel::read).orElse(ConformanceLevel.B_B);
        Optional<EnvelopeProperty> named = item.optionalString("signed_envelope_property")
                .map(value -> EnvelopeProperty.read(value, format));
        EnvelopeProperty envelope = named.orElseGet(() -> defaultEnvelope.orElse(format.defaultEnvelope()));
        if (!item.objects("signed_props").isEmpty()) {
            throw CscErrors.invalidRequest("signed_props are not supported");
        }
        return new SignatureProfile(format, level, envelope, SignHashRequest.scheme(item), named.isPresent());
    }
}
