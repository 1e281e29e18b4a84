package io.sigillum.gateway.signdoc;

import io.sigillum.gateway.csc.SupportedFormats;
import io.sigillum.gateway.csc.wire.ConformanceLevel;
import io.sigillum.gateway.csc.wire.EnvelopeProperty;
import io.sigillum.gateway.csc.wire.SignatureFormat;
import java.util.Arrays;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * What signDoc makes, for CSC {@code info}: every format with its envelope properties (index for index), every
 * conformance level, and both kinds of digest — {@code SDR} (a document's digest, signDoc's {@code documentDigests}) and
 * {@code DTBSR} (the data to be signed, signHash).
 */
@Configuration(proxyBeanMethods = false)
class SignDocFormats {

    @Bean
    SupportedFormats signDocSupportedFormats() {
        return new SupportedFormats(Arrays.stream(SignatureFormat.values()).map(SignatureFormat::code).toList(),
                Arrays.stream(SignatureFormat.values())
                        .map(format -> format.envelopes().stream().map(EnvelopeProperty::wireName).toList()).toList(),
                Arrays.stream(ConformanceLevel.values()).map(ConformanceLevel::wireName).toList(),
                List.of("DTBSR", "SDR"));
    }
}
