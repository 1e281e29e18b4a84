package io.sigillum.signer.token;

import io.sigillum.signer.algorithm.KeyAlgorithm;
import io.sigillum.signer.algorithm.SignatureScheme;

import java.security.cert.X509Certificate;
import java.util.List;

/** A worker's session on a keystore-backed token: its own signing engine, key management shared with other workers. */
public final class KeyStoreTokenSession implements TokenSession {

    private final KeyStoreKeys keys;
    private final JcaSigningEngine engine;

    public KeyStoreTokenSession(KeyStoreKeys keys, JcaSigningEngine engine) {
        this.keys = keys;
        this.engine = engine;
    }

    @Override
    public KeyHandle loadKey(KeyRef ref) {
        return keys.loadKey(ref);
    }

    @Override
    public byte[] sign(KeyHandle key, SignatureScheme scheme, byte[] digest) {
        return engine.sign(key, scheme, digest);
    }

    @Override
    public KeyInfo generateKey(KeyRef ref, KeyAlgorithm algorithm) {
        return keys.generateKey(ref, algorithm);
    }

    @Override
    public List<X509Certificate> certificateChain(KeyRef ref) {
        return keys.certificateChain(ref);
    }

    @Override
    public void storeCertificateChain(KeyRef ref, List<X509Certificate> chain) {
        keys.storeCertificateChain(ref, chain);
    }

    @Override
    public void deleteKey(KeyRef ref) {
        keys.deleteKey(ref);
    }

    @Override
    public void close() {
        engine.clear();
    }
}
