package io.sigillum.signer.token.software;

import io.sigillum.signer.TokenUnavailableException;
import io.sigillum.signer.token.JcaSigningEngine;
import io.sigillum.signer.token.KeyStoreKeys;
import io.sigillum.signer.token.KeyStoreTokenSession;
import io.sigillum.signer.token.SigningToken;
import io.sigillum.signer.token.TokenSession;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;

import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.jspecify.annotations.Nullable;

/**
 * The software token: keys in an encrypted PKCS#12 file (or only in memory), signed with Amazon Corretto Crypto
 * Provider where its native library loads, else with Bouncy Castle. Neither provider is installed globally.
 */
public final class SoftwareToken implements SigningToken {

    /** Whether the native provider may be used. */
    public enum NativeCrypto {
        /** ACCP when it loads on this machine, Bouncy Castle otherwise. */
        PREFERRED,
        /** Bouncy Castle only (portable; also how the fallback is tested). */
        DISABLED
    }

    private final @Nullable Path file;
    private final Provider provider;
    private final KeyStoreKeys keys;

    private SoftwareToken(@Nullable Path file, char[] password, KeyStore store, Provider provider) {
        this.file = file;
        this.provider = provider;
        char[] filePassword = password.clone();
        this.keys = new KeyStoreKeys(store, filePassword, provider, key -> adopt(key, provider),
                s -> save(s, filePassword), KeyStoreKeys.Reloader.NONE);
    }

    /** Opens (or creates) the encrypted PKCS#12 file; the native provider is used when it loads. */
    public static SoftwareToken open(Path keystoreFile, char[] password) {
        return open(keystoreFile, password, NativeCrypto.PREFERRED);
    }

    /** Opens (or creates) the encrypted PKCS#12 file with the given provider preference. */
    public static SoftwareToken open(Path keystoreFile, char[] password, NativeCrypto nativeCrypto) {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            if (Files.exists(keystoreFile)) {
                try (InputStream in = Files.newInputStream(keystoreFile)) {
                    store.load(in, password);
                }
            } else {
                store.load(null, password);
            }
            SoftwareToken token = new SoftwareToken(keystoreFile, password, store, chooseProvider(nativeCrypto));
            if (!Files.exists(keystoreFile)) {
                token.save(store, password);
            }
            return token;
        } catch (IOException | GeneralSecurityException e) {
            throw new TokenUnavailableException("cannot open key store " + keystoreFile.getFileName()
                    + " (wrong password or damaged file?)", e);
        }
    }

    /** A token whose keys live only in memory: for tests, benchmarks and throw-away demos. */
    public static SoftwareToken inMemory(NativeCrypto nativeCrypto) {
        try {
            byte[] secret = new byte[24];
            new SecureRandom().nextBytes(secret);
            char[] password = Base64.getEncoder().encodeToString(secret).toCharArray();
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, password);
            return new SoftwareToken(null, password, store, chooseProvider(nativeCrypto));
        } catch (IOException | GeneralSecurityException e) {
            throw new TokenUnavailableException("cannot create an in-memory key store", e);
        }
    }

    /** An in-memory token with the native provider preferred. */
    public static SoftwareToken inMemory() {
        return inMemory(NativeCrypto.PREFERRED);
    }

    /** The native provider when it loads on this machine. */
    public static Optional<Provider> nativeProvider() {
        return NativeProvider.INSTANCE;
    }

    @Override
    public String description() {
        String where = file == null ? "in memory" : file.getFileName().toString();
        return "software token (" + where + ", " + signingProvider() + ")";
    }

    @Override
    public String signingProvider() {
        return provider.getName() + " " + provider.getVersionStr();
    }

    @Override
    public int recommendedWorkers() {
        return Runtime.getRuntime().availableProcessors();
    }

    /** Keys in memory, signed by ACCP or Bouncy Castle: nothing leaves the process. */
    @Override
    public boolean signsInProcess() {
        return true;
    }

    @Override
    public TokenSession openSession() {
        return new KeyStoreTokenSession(keys, new JcaSigningEngine(new JcaSigningEngine.Providers(provider, provider)));
    }

    @Override
    public void close() {
        // Nothing is held open: the file is written on every change and closed right away.
    }

    private void save(KeyStore store, char[] password) throws IOException, GeneralSecurityException {
        if (file == null) {
            return;
        }
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path temp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
        try {
            try (OutputStream out = Files.newOutputStream(temp)) {
                store.store(out, password);
            }
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private static Provider chooseProvider(NativeCrypto nativeCrypto) {
        return nativeCrypto == NativeCrypto.PREFERRED
                ? NativeProvider.INSTANCE.orElse(BouncyCastle.INSTANCE)
                : BouncyCastle.INSTANCE;
    }

    /** Native providers sign fastest with their own key objects, so keys read from the file are converted once. */
    private static PrivateKey adopt(PrivateKey key, Provider provider) {
        if (provider == BouncyCastle.INSTANCE) {
            return key;
        }
        try {
            return (PrivateKey) KeyFactory.getInstance(key.getAlgorithm(), provider).translateKey(key);
        } catch (GeneralSecurityException e) {
            return key;
        }
    }

    private static final class BouncyCastle {
        static final Provider INSTANCE = new BouncyCastleProvider();
    }

    private static final class NativeProvider {
        static final Optional<Provider> INSTANCE = load();

        private static Optional<Provider> load() {
            try {
                var accp = com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider.INSTANCE;
                return accp.getLoadingError() == null ? Optional.of(accp) : Optional.empty();
            } catch (LinkageError e) {
                return Optional.empty();
            }
        }
    }
}
