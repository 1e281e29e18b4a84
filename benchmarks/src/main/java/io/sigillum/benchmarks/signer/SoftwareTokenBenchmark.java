package io.sigillum.benchmarks.signer;

import io.sigillum.signer.algorithm.KeyType;
import io.sigillum.signer.token.KeyHandle;
import io.sigillum.signer.token.SigningToken;
import io.sigillum.signer.token.software.SoftwareToken;

import java.security.GeneralSecurityException;
import java.security.Provider;
import java.security.Signature;

/**
 * The software token (ACCP) against ACCP itself: NONEwithECDSA over the digest for P-256; ACCP has no NONEwithRSA, so
 * the RSA baseline is SHA256withRSA over a 32-byte message (the pool signs the DigestInfo with ACCP's private-key
 * PKCS#1 primitive instead).
 */
public class SoftwareTokenBenchmark extends AbstractSigningBenchmark {

    @Override
    SigningToken openToken() {
        return SoftwareToken.inMemory();
    }

    @Override
    Signature rawSignature(KeyHandle key) throws GeneralSecurityException {
        Provider accp = SoftwareToken.nativeProvider()
                .orElseThrow(() -> new IllegalStateException("ACCP does not load here"));
        Signature signature = Signature.getInstance(
                key.info().algorithm().keyType() == KeyType.RSA ? "SHA256withRSA" : "NONEwithECDSA", accp);
        signature.initSign(key.privateKey());
        return signature;
    }

    @Override
    byte[] rawInput(KeyType type, byte[] digest) {
        return digest;
    }
}
