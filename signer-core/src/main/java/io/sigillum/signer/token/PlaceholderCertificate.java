package io.sigillum.signer.token;

import io.sigillum.signer.TokenUnavailableException;
import io.sigillum.signer.algorithm.KeyType;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.Provider;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The self-signed certificate a token stores next to a freshly generated key (PKCS#11 and PKCS#12 keep keys with a
 * certificate); recognisable so that {@code certificateChain} reports "nothing stored yet".
 */
public final class PlaceholderCertificate {

    private static final String MARKER = "sigillum key placeholder";

    private PlaceholderCertificate() {
    }

    /** Builds the placeholder for {@code keys}, signed with the private key through {@code provider}. */
    public static X509Certificate create(KeyRef ref, KeyPair keys, KeyType type, Provider provider) {
        X500Name name = new X500Name("CN=" + ref.alias() + ",OU=" + MARKER);
        Instant now = Instant.now();
        try {
            var builder = new JcaX509v3CertificateBuilder(name, BigInteger.valueOf(now.toEpochMilli()),
                    Date.from(now.minus(Duration.ofMinutes(1))), Date.from(now.plus(Duration.ofDays(3650))), name,
                    keys.getPublic());
            String algorithm = type == KeyType.RSA ? "SHA256withRSA" : "SHA256withECDSA";
            var signer = new JcaContentSignerBuilder(algorithm).setProvider(provider).build(keys.getPrivate());
            return new JcaX509CertificateConverter().getCertificate(builder.build(signer));
        } catch (OperatorCreationException | CertificateException e) {
            throw new TokenUnavailableException("could not self-sign the placeholder for " + ref.alias(), e);
        }
    }

    /** Whether {@code certificate} is one of our placeholders rather than a real certificate. */
    public static boolean isPlaceholder(X509Certificate certificate) {
        return certificate.getSubjectX500Principal().getName().contains("OU=" + MARKER)
                && certificate.getSubjectX500Principal().equals(certificate.getIssuerX500Principal());
    }
}
