package io.sigillum.signer.algorithm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sigillum.signer.InvalidInputException;

import java.util.HexFormat;

import org.junit.jupiter.api.Test;

class PssParametersTests {

    @Test
    void parametersSurviveADerRoundTrip() {
        PssParameters params = new PssParameters(DigestAlgorithm.SHA512, DigestAlgorithm.SHA256, 20);
        assertThat(PssParameters.fromDer(params.toDer())).isEqualTo(params);
    }

    @Test
    void theEncodingMatchesOpenSslsForSha256() {
        // the RSASSA-PSS-params in the SubjectPublicKeyInfo written by OpenSSL 3.0 for `openssl genpkey -algorithm RSA-PSS
        // -pkeyopt rsa_pss_keygen_md:sha256 -pkeyopt rsa_pss_keygen_mgf1_md:sha256 -pkeyopt rsa_pss_keygen_saltlen:32`
        String expected = "3034a00f300d06096086480165030402010500a11c301a06092a864886f70d010108300d06096086480165030402010500a203020120";
        assertThat(HexFormat.of().formatHex(PssParameters.of(DigestAlgorithm.SHA256).toDer())).isEqualTo(expected);
    }

    @Test
    void theSha1DefaultsAndGarbageAreRejected() {
        assertThatThrownBy(() -> PssParameters.fromDer(new byte[] {0x30, 0x00}))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("1.3.14.3.2.26");
        assertThatThrownBy(() -> PssParameters.fromDer(new byte[] {0x01, 0x02, 0x03}))
                .isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> new PssParameters(DigestAlgorithm.SHA256, DigestAlgorithm.SHA256, -1))
                .isInstanceOf(InvalidInputException.class);
    }
}
