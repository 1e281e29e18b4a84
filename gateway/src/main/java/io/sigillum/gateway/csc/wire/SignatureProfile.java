package io.sigillum.gateway.csc.wire;

import io.sigillum.signer.algorithm.SignatureScheme;

/**
 * How one signDoc signature is to be made: format, level, envelope and the signature algorithm (whose digest is also
 * the digest of DSS's data to be signed).
 */
public record SignatureProfile(SignatureFormat format, ConformanceLevel level, EnvelopeProperty envelope, SignatureScheme scheme) {

    static SignatureProfile read(CscRequest item) {
        SignatureFormat format = SignatureFormat.read(item.requiredString("signature_format"));
        ConformanceLevel level = item.optionalString("conformance_level").map(ConformanceLevel::read).orElse(ConformanceLevel.B_B);
        EnvelopeProperty envelope = item.optionalString("signed_envelope_property")
                .map(value -> EnvelopeProperty.read(value, format)).orElse(format.defaultEnvelope());
        if (!item.objects("signed_props").isEmpty()) {
            throw CscErrors.invalidRequest("signed_props are not supported");
        }
        return new SignatureProfile(format, level, envelope, SignHashRequest.scheme(item));
    }
}
