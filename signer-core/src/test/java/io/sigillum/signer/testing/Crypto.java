package io.sigillum.signer.testing;

import io.sigillum.signer.algorithm.DigestAlgorithm;
import io.sigillum.signer.algorithm.SignatureScheme;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.util.Base64;

/** Test helpers: hashing, independent JCA verification, PEM files for openssl. */
public final class Crypto {

    private Crypto() {
    }

    public static byte[] hash(DigestAlgorithm algorithm, byte[] message) {
        try {
            return MessageDigest.getInstance(algorithm.jcaName()).digest(message);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Verifies over the original message with the JDK's own hash-and-verify algorithms (not our code path). */
    public static boolean verify(PublicKey key, SignatureScheme scheme, byte[] message, byte[] signature) {
        try {
            String hash = scheme.digest().jcaName().replace("-", "");
            Signature verifier = switch (scheme.algorithm()) {
                case RSASSA_PSS -> {
                    var pss = scheme.pss().orElseThrow();
                    Signature s = Signature.getInstance("RSASSA-PSS");
                    s.setParameter(new PSSParameterSpec(pss.digest().jcaName(), "MGF1",
                            new MGF1ParameterSpec(pss.mgfDigest().jcaName()), pss.saltLength(), 1));
                    yield s;
                }
                case ECDSA_SHA256, ECDSA_SHA384, ECDSA_SHA512 -> Signature.getInstance(hash + "withECDSA");
                default -> Signature.getInstance(hash + "withRSA");
            };
            verifier.initVerify(key);
            verifier.update(message);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public static Path writePem(Path file, PublicKey key) throws IOException {
        return Files.writeString(file, pem("PUBLIC KEY", key.getEncoded()));
    }

    public static Path writePem(Path file, X509Certificate... certificates) throws IOException, GeneralSecurityException {
        StringBuilder out = new StringBuilder();
        for (X509Certificate certificate : certificates) {
            out.append(pem("CERTIFICATE", certificate.getEncoded()));
        }
        return Files.writeString(file, out);
    }

    private static String pem(String type, byte[] der) {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
        return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
    }
}
