package io.sigillum.signer.token;

import io.sigillum.signer.algorithm.KeyAlgorithm;
import io.sigillum.signer.algorithm.SignatureScheme;

import java.security.cert.X509Certificate;
import java.util.List;

/**
 * One worker's view of a token: owns its signature objects (and so, on PKCS#11, the sessions they hold while signing).
 * Not thread-safe: exactly one thread uses a session. Failures of the token surface as
 * {@link io.sigillum.signer.TokenUnavailableException}; a missing key as {@link io.sigillum.signer.UnknownKeyException}.
 */
public interface TokenSession extends AutoCloseable {

    /** Finds a key by alias; the pool caches the result. */
    KeyHandle loadKey(KeyRef ref);

    /** Signs a digest already checked against {@code scheme}; returns the signature value (ECDSA as DER). */
    byte[] sign(KeyHandle key, SignatureScheme scheme, byte[] digest);

    /** Generates a key pair inside the token and stores it under {@code ref}; fails if the alias is taken. */
    KeyInfo generateKey(KeyRef ref, KeyAlgorithm algorithm);

    /** The stored chain, end entity first; empty when only the placeholder certificate is stored. */
    List<X509Certificate> certificateChain(KeyRef ref);

    /** Replaces the certificate chain stored for the key; the first certificate must hold the key's public key. */
    void storeCertificateChain(KeyRef ref, List<X509Certificate> chain);

    /** Deletes the key and its certificates. */
    void deleteKey(KeyRef ref);

    @Override
    void close();
}
