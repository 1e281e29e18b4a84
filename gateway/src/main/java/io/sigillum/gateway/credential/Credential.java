package io.sigillum.gateway.credential;

import io.sigillum.signer.algorithm.KeyAlgorithm;
import io.sigillum.signer.token.KeyRef;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * A signing credential: the key in the token, its certificate chain (end-entity first), who holds it and how it is
 * authorized (PIN hash, phone for one-time codes).
 */
public record Credential(String id, String userId, KeyRef key, KeyAlgorithm keyAlgorithm, CredentialStatus status,
        String phone, Optional<String> pinHash, int failedPinAttempts, int multisign, String description,
        List<X509Certificate> certificateChain, Locale language) {

    public Credential {
        certificateChain = List.copyOf(certificateChain);
        Objects.requireNonNull(language);
    }

    public Optional<X509Certificate> certificate() {
        return certificateChain.isEmpty() ? Optional.empty() : Optional.of(certificateChain.getFirst());
    }

    @Override
    public String toString() {
        return "Credential[" + id + ", " + status + "]";
    }
}
