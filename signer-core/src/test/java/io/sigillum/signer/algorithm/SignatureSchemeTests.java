package io.sigillum.signer.algorithm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sigillum.signer.InvalidInputException;

import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class SignatureSchemeTests {

    private static final String SHA256 = "2.16.840.1.101.3.4.2.1";
    private static final String SHA384 = "2.16.840.1.101.3.4.2.2";

    @Test
    void anOidThatImpliesItsHashResolvesWithOrWithoutTheHashOid() {
        assertThat(SignatureScheme.resolve("1.2.840.113549.1.1.11", Optional.empty(), Optional.empty()))
                .isEqualTo(SignatureScheme.of(SignAlgorithm.SHA256_WITH_RSA, DigestAlgorithm.SHA256));
        assertThat(SignatureScheme.resolve("1.2.840.10045.4.3.3", Optional.of(SHA384), Optional.empty()))
                .isEqualTo(SignatureScheme.of(SignAlgorithm.ECDSA_SHA384, DigestAlgorithm.SHA384));
    }

    @Test
    void aHashOidContradictingTheAlgorithmIsRejected() {
        assertThatThrownBy(() -> SignatureScheme.resolve("1.2.840.113549.1.1.11", Optional.of(SHA384), Optional.empty()))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("contradicts");
    }

    @Test
    void plainRsaNeedsTheHashOid() {
        assertThat(SignatureScheme.resolve("1.2.840.113549.1.1.1", Optional.of(SHA384), Optional.empty()))
                .isEqualTo(SignatureScheme.of(SignAlgorithm.RSA_PKCS1, DigestAlgorithm.SHA384));
        assertThatThrownBy(() -> SignatureScheme.resolve("1.2.840.113549.1.1.1", Optional.empty(), Optional.empty()))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("hashAlgorithmOID");
    }

    /** The EUDI rQES client, among others, names ECDSA by the key's OID and the hash apart, as rsaEncryption does for RSA. */
    @Test
    void ecdsaNamedByTheKeysOidTakesTheHashOid() {
        assertThat(SignatureScheme.resolve("1.2.840.10045.2.1", Optional.of(SHA384), Optional.empty()))
                .isEqualTo(SignatureScheme.of(SignAlgorithm.ECDSA_SHA384, DigestAlgorithm.SHA384));
        assertThat(SignatureScheme.resolve("1.2.840.10045.2.1", Optional.of(SHA256), Optional.empty()))
                .isEqualTo(SignatureScheme.of(SignAlgorithm.ECDSA_SHA256, DigestAlgorithm.SHA256));
        assertThatThrownBy(() -> SignatureScheme.resolve("1.2.840.10045.2.1", Optional.empty(), Optional.empty()))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("hashAlgorithmOID");
    }

    @Test
    void pssTakesItsHashFromTheParameters() {
        PssParameters params = new PssParameters(DigestAlgorithm.SHA384, DigestAlgorithm.SHA384, 48);
        SignatureScheme scheme = SignatureScheme.resolve("1.2.840.113549.1.1.10", Optional.empty(),
                Optional.of(params.toDer()));
        assertThat(scheme.digest()).isEqualTo(DigestAlgorithm.SHA384);
        assertThat(scheme.pss()).contains(params);
    }

    @Test
    void pssWithoutParametersOrWithAContradictingHashIsRejected() {
        assertThatThrownBy(() -> SignatureScheme.resolve("1.2.840.113549.1.1.10", Optional.of(SHA256), Optional.empty()))
                .isInstanceOf(InvalidInputException.class);
        byte[] sha384Params = PssParameters.of(DigestAlgorithm.SHA384).toDer();
        assertThatThrownBy(() -> SignatureScheme.resolve("1.2.840.113549.1.1.10", Optional.of(SHA256),
                Optional.of(sha384Params))).isInstanceOf(InvalidInputException.class);
    }

    @Test
    void unknownOidsAndStrayParametersAreRejected() {
        assertThatThrownBy(() -> SignatureScheme.resolve("1.2.840.113549.1.1.5", Optional.empty(), Optional.empty()))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("1.2.840.113549.1.1.5");
        assertThatThrownBy(() -> SignatureScheme.resolve("1.2.840.113549.1.1.1", Optional.of("1.3.14.3.2.26"),
                Optional.empty())).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> SignatureScheme.resolve("1.2.840.10045.4.3.2", Optional.empty(),
                Optional.of(new byte[] {0x30, 0x00}))).isInstanceOf(InvalidInputException.class);
        assertThat(SignatureScheme.resolve("1.2.840.113549.1.1.11", Optional.empty(),
                Optional.of(new byte[] {0x05, 0x00})).algorithm()).isEqualTo(SignAlgorithm.SHA256_WITH_RSA);
    }

    @ParameterizedTest
    @EnumSource(DigestAlgorithm.class)
    void aDigestMustHaveExactlyItsAlgorithmsLength(DigestAlgorithm digest) {
        SignatureScheme scheme = SignatureScheme.of(SignAlgorithm.RSA_PKCS1, digest);
        scheme.checkDigest(new byte[digest.digestLength()]);
        assertThatThrownBy(() -> scheme.checkDigest(new byte[digest.digestLength() - 1]))
                .isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> scheme.checkDigest(new byte[digest.digestLength() + 1]))
                .isInstanceOf(InvalidInputException.class);
    }

    @ParameterizedTest
    @EnumSource(SignAlgorithm.class)
    void everySignAlgorithmIsFoundByItsOid(SignAlgorithm algorithm) {
        assertThat(SignAlgorithm.fromOid(algorithm.oid())).contains(algorithm);
    }

    @ParameterizedTest
    @EnumSource(DigestAlgorithm.class)
    void theDigestInfoIsTheDerOfTheAlgorithmAndDigest(DigestAlgorithm digest) throws Exception {
        byte[] value = new byte[digest.digestLength()];
        byte[] info = digest.digestInfo(value);
        var parsed = org.bouncycastle.asn1.x509.DigestInfo.getInstance(info);
        assertThat(parsed.getAlgorithmId().getAlgorithm().getId()).isEqualTo(digest.oid());
        assertThat(parsed.getDigest()).isEqualTo(value);
        assertThat(DigestAlgorithm.fromOid(digest.oid())).contains(digest);
    }
}
