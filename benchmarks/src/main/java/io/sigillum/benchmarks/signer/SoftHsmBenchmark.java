package io.sigillum.benchmarks.signer;

import io.sigillum.signer.algorithm.DigestAlgorithm;
import io.sigillum.signer.algorithm.KeyType;
import io.sigillum.signer.token.KeyHandle;
import io.sigillum.signer.token.SigningToken;
import io.sigillum.signer.token.pkcs11.Pkcs11Config;
import io.sigillum.signer.token.pkcs11.Pkcs11Token;

import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Signature;

/**
 * SoftHSM2 through SunPKCS11 against SunPKCS11 itself: NONEwithRSA over the DigestInfo (CKM_RSA_PKCS) and NONEwithECDSA
 * over the digest (CKM_ECDSA) — the same mechanisms the pool uses. Needs {@code SOFTHSM2_CONF} in the environment and
 * an initialised token (see benchmarks/softhsm-token.sh); {@code -Dbench.p11.label}, {@code -Dbench.p11.pin} and
 * {@code -Dbench.p11.library} override the defaults.
 */
public class SoftHsmBenchmark extends AbstractSigningBenchmark {

    private Pkcs11Token pkcs11;

    @Override
    SigningToken openToken() {
        pkcs11 = Pkcs11Token.open(Pkcs11Config.byTokenLabel(
                Path.of(System.getProperty("bench.p11.library", "/usr/lib/softhsm/libsofthsm2.so")),
                System.getProperty("bench.p11.label", "sigillum-bench"),
                System.getProperty("bench.p11.pin", "1234").toCharArray()));
        return pkcs11;
    }

    @Override
    Signature rawSignature(KeyHandle key) throws GeneralSecurityException {
        Signature signature = Signature.getInstance(
                key.info().algorithm().keyType() == KeyType.RSA ? "NONEwithRSA" : "NONEwithECDSA", pkcs11.provider());
        signature.initSign(key.privateKey());
        return signature;
    }

    @Override
    byte[] rawInput(KeyType type, byte[] digest) {
        return type == KeyType.RSA ? DigestAlgorithm.SHA256.digestInfo(digest) : digest;
    }
}
