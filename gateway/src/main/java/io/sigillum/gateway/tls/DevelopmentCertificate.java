package io.sigillum.gateway.tls;

import io.sigillum.gateway.config.StartupFailure;
import io.sigillum.gateway.secret.Randomness;
import io.sigillum.signer.ca.CertificateAuthority;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundleKey;
import org.springframework.boot.ssl.SslStoreBundle;

/**
 * A development server certificate: a P-256 key made in memory (it never leaves the process, and a new one is made at
 * every start) and its certificate from the built-in CA, with the CA chain it is served with.
 */
final class DevelopmentCertificate {

    private static final String ALIAS = "server";
    private static final Duration CLOCK_SKEW = Duration.ofMinutes(5);

    private final KeyPair key;
    private final List<X509Certificate> chain;
    private final X509Certificate trustAnchor;

    private DevelopmentCertificate(KeyPair key, List<X509Certificate> chain, X509Certificate trustAnchor) {
        this.key = key;
        this.chain = chain;
        this.trustAnchor = trustAnchor;
    }

    /** Issues a certificate naming {@code hosts}, valid from a little before {@code now}. */
    static DevelopmentCertificate issue(CertificateAuthority ca, List<String> hosts, Instant now, Duration validity) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            KeyPair key = generator.generateKeyPair();
            Instant notAfter = now.plus(validity);
            Instant caNotAfter = ca.chain().getFirst().getNotAfter().toInstant();
            X509Certificate server = ca.issueTlsServer(key.getPublic(), hosts, now.minus(CLOCK_SKEW),
                    notAfter.isAfter(caNotAfter) ? caNotAfter : notAfter);
            List<X509Certificate> chain = new ArrayList<>();
            chain.add(server);
            // the intermediates; the root is what clients are given to trust
            chain.addAll(ca.chain().subList(0, ca.chain().size() - 1));
            return new DevelopmentCertificate(key, List.copyOf(chain), ca.chain().getLast());
        } catch (GeneralSecurityException e) {
            throw new StartupFailure("Could not make the development TLS key: " + e.getMessage(), e);
        }
    }

    /** The certificate, its key and chain as a Spring Boot SSL bundle (an in-memory PKCS#12 key store). */
    SslBundle bundle() {
        String password = Randomness.hex(16);
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry(ALIAS, key.getPrivate(), password.toCharArray(), chain.toArray(Certificate[]::new));
            // the trust store lets the gateway's own clients call it (SelfConnection); no client certificate is asked for
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("ca", trustAnchor);
            return SslBundle.of(SslStoreBundle.of(store, password, trust), SslBundleKey.of(password, ALIAS));
        } catch (GeneralSecurityException | IOException e) {
            throw new StartupFailure("Could not hold the development TLS key: " + e.getMessage(), e);
        }
    }

    /** Writes the root CA certificate as PEM, replacing the file atomically (a client may be reading it). */
    void writeTrustAnchor(Path file) {
        try {
            Path absolute = file.toAbsolutePath();
            Files.createDirectories(absolute.getParent());
            Path temporary = Files.createTempFile(absolute.getParent(), absolute.getFileName().toString(), ".tmp");
            Files.writeString(temporary, pem(trustAnchor), StandardCharsets.US_ASCII);
            if (Files.getFileStore(temporary).supportsFileAttributeView(PosixFileAttributeView.class)) {
                // a certificate is public; the temporary file was made private
                Files.setPosixFilePermissions(temporary, PosixFilePermissions.fromString("rw-r--r--"));
            }
            Files.move(temporary, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | GeneralSecurityException e) {
            throw new StartupFailure("Could not write the CA certificate to " + file + ": " + e.getMessage(), e);
        }
    }

    private static String pem(X509Certificate certificate) throws GeneralSecurityException {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(certificate.getEncoded());
        return "-----BEGIN CERTIFICATE-----\n" + body + "\n-----END CERTIFICATE-----\n";
    }
}
