package io.sigillum.signer.token;

import io.sigillum.signer.InvalidInputException;
import io.sigillum.signer.TokenUnavailableException;
import io.sigillum.signer.UnknownKeyException;
import io.sigillum.signer.algorithm.KeyAlgorithm;
import io.sigillum.signer.algorithm.KeyType;

import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.KeyStoreException;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.ProviderException;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.RSAKeyGenParameterSpec;
import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;

import org.jspecify.annotations.Nullable;

/**
 * Key management over a JCA {@link KeyStore} (PKCS#11 or PKCS#12): generate, find, read and replace the certificate
 * chain, delete. Thread-safe: keystores are not, so every access holds this object's lock (management is rare; the
 * hot path uses cached {@link KeyHandle}s and never comes here).
 */
public final class KeyStoreKeys {

    /** Called after every change, e.g. to write a keystore file. */
    @FunctionalInterface
    public interface Persister {
        void persist(KeyStore store) throws Exception;
    }

    /**
     * Reads the store's entries again from the token: a keystore lists the entries it found when it was loaded and those
     * it made itself, so a key another process made in a shared token (another gateway instance on the same HSM) is seen
     * only after this.
     */
    @FunctionalInterface
    public interface Reloader {
        /** A store no other process writes to: nothing to read again. */
        Reloader NONE = store -> { };

        void reload(KeyStore store) throws Exception;
    }

    /** How often at most a missing alias makes the store read its entries again. */
    private static final long RELOAD_INTERVAL_NANOS = 200_000_000L;

    private final KeyStore store;
    private final char @Nullable [] entryPassword;
    private final Provider keyProvider;
    private final UnaryOperator<PrivateKey> adopt;
    private final Persister persister;
    private final Reloader reloader;
    private long reloadedAt = System.nanoTime() - RELOAD_INTERVAL_NANOS;

    /**
     * @param entryPassword password protecting each entry (PKCS#12), or null (PKCS#11)
     * @param keyProvider   the provider that generates keys and signs their placeholder certificates
     * @param adopt         turns a private key read from the store into the form the signing provider likes best
     * @param reloader      reads the entries again when an alias is missing, before the store is believed
     */
    public KeyStoreKeys(KeyStore store, char @Nullable [] entryPassword, Provider keyProvider,
            UnaryOperator<PrivateKey> adopt, Persister persister, Reloader reloader) {
        this.store = store;
        this.entryPassword = entryPassword == null ? null : entryPassword.clone();
        this.keyProvider = keyProvider;
        this.adopt = adopt;
        this.persister = persister;
        this.reloader = reloader;
    }

    public synchronized KeyHandle loadKey(KeyRef ref) {
        try {
            Key key = hasKeyEntry(ref, false) ? store.getKey(ref.alias(), entryPassword) : null;
            if (!(key instanceof PrivateKey privateKey)) {
                throw new UnknownKeyException("no key " + ref.alias());
            }
            return new KeyHandle(info(ref, endEntity(ref)), adopt.apply(privateKey));
        } catch (GeneralSecurityException | ProviderException e) {
            throw unavailable("reading key " + ref.alias(), e);
        }
    }

    public KeyInfo generateKey(KeyRef ref, KeyAlgorithm algorithm) {
        synchronized (this) {
            requireAbsent(ref);
        }
        KeyPair pair = newKeyPair(algorithm);
        X509Certificate placeholder = PlaceholderCertificate.create(ref, pair, algorithm.keyType(), keyProvider);
        synchronized (this) {
            requireAbsent(ref);
            try {
                store.setKeyEntry(ref.alias(), pair.getPrivate(), entryPassword, new Certificate[] {placeholder});
                persist();
            } catch (GeneralSecurityException | ProviderException e) {
                throw unavailable("storing key " + ref.alias(), e);
            }
        }
        return new KeyInfo(ref, algorithm, placeholder.getPublicKey());
    }

    public synchronized List<X509Certificate> certificateChain(KeyRef ref) {
        List<X509Certificate> chain = storedChain(ref);
        if (uncertified(chain) && reloaded(true)) {
            chain = storedChain(ref); // another process may have stored its chain since this store read it
        }
        return uncertified(chain) ? List.of() : chain;
    }

    private static boolean uncertified(List<X509Certificate> chain) {
        return chain.size() == 1 && PlaceholderCertificate.isPlaceholder(chain.getFirst());
    }

    public synchronized void storeCertificateChain(KeyRef ref, List<X509Certificate> chain) {
        if (chain.isEmpty()) {
            throw new InvalidInputException("certificate chain is empty");
        }
        X509Certificate current = endEntity(ref);
        if (!current.getPublicKey().equals(chain.getFirst().getPublicKey())) {
            throw new InvalidInputException("certificate does not hold the public key of " + ref.alias());
        }
        try {
            Key key = store.getKey(ref.alias(), entryPassword);
            store.setKeyEntry(ref.alias(), key, entryPassword, chain.toArray(Certificate[]::new));
            persist();
        } catch (GeneralSecurityException | ProviderException e) {
            throw unavailable("storing the chain of " + ref.alias(), e);
        }
    }

    public synchronized void deleteKey(KeyRef ref) {
        try {
            if (!hasKeyEntry(ref, true)) {
                throw new UnknownKeyException("no key " + ref.alias());
            }
            store.deleteEntry(ref.alias());
            persist();
        } catch (GeneralSecurityException | ProviderException e) {
            throw unavailable("deleting key " + ref.alias(), e);
        }
    }

    private KeyPair newKeyPair(KeyAlgorithm algorithm) {
        try {
            KeyPairGenerator generator;
            if (algorithm.keyType() == KeyType.RSA) {
                generator = KeyPairGenerator.getInstance("RSA", keyProvider);
                generator.initialize(new RSAKeyGenParameterSpec(algorithm.bits(), RSAKeyGenParameterSpec.F4));
            } else {
                generator = KeyPairGenerator.getInstance("EC", keyProvider);
                generator.initialize(new ECGenParameterSpec(algorithm.curveName()));
            }
            return generator.generateKeyPair();
        } catch (GeneralSecurityException | ProviderException e) {
            throw unavailable("generating " + algorithm, e);
        }
    }

    private void requireAbsent(KeyRef ref) {
        try {
            // not read again: a new key's alias is unique (a credential's), or its maker has just looked for it with
            // certificateChain, which reads the token again when it finds nothing, under a lock across instances
            if (store.containsAlias(ref.alias())) {
                throw new InvalidInputException("key alias already in use: " + ref.alias());
            }
        } catch (GeneralSecurityException | ProviderException e) {
            throw unavailable("looking up " + ref.alias(), e);
        }
    }

    private List<X509Certificate> storedChain(KeyRef ref) {
        try {
            Certificate[] chain = hasKeyEntry(ref, true) ? store.getCertificateChain(ref.alias()) : null;
            if (chain == null || chain.length == 0) {
                throw new UnknownKeyException("no key " + ref.alias());
            }
            return Arrays.stream(chain).map(X509Certificate.class::cast).toList();
        } catch (GeneralSecurityException | ProviderException e) {
            throw unavailable("reading the chain of " + ref.alias(), e);
        }
    }

    /**
     * Whether the store has the key, reading its entries again first when it seems not to: always for reading a chain or
     * deleting ({@code always}: rare, and it must not miss a key another process made), else at most every
     * {@link #RELOAD_INTERVAL_NANOS} (a signing request for a key that truly does not exist costs the token one listing
     * of its objects at most so often).
     */
    private boolean hasKeyEntry(KeyRef ref, boolean always) throws KeyStoreException {
        return store.isKeyEntry(ref.alias()) || reloaded(always) && store.isKeyEntry(ref.alias());
    }

    /** Reads the entries again, if {@code always} or the last time was long enough ago; whether it did. */
    private boolean reloaded(boolean always) {
        long now = System.nanoTime();
        if (!always && now - reloadedAt < RELOAD_INTERVAL_NANOS) {
            return false;
        }
        reloadedAt = now;
        try {
            reloader.reload(store);
            return true;
        } catch (Exception e) {
            throw unavailable("reading the token's keys again", e);
        }
    }

    private X509Certificate endEntity(KeyRef ref) {
        return storedChain(ref).getFirst();
    }

    private static KeyInfo info(KeyRef ref, X509Certificate certificate) {
        KeyAlgorithm algorithm = KeyAlgorithm.of(certificate.getPublicKey())
                .orElseThrow(() -> new TokenUnavailableException("key " + ref.alias() + " has an unsupported algorithm"));
        return new KeyInfo(ref, algorithm, certificate.getPublicKey());
    }

    private void persist() {
        try {
            persister.persist(store);
        } catch (Exception e) {
            throw new TokenUnavailableException("could not persist the key store", e);
        }
    }

    private static TokenUnavailableException unavailable(String what, Exception e) {
        return new TokenUnavailableException(what + " failed: " + e.getMessage(), e);
    }
}
