package io.sigillum.signer.token.pkcs11;

import io.sigillum.signer.TokenUnavailableException;
import io.sigillum.signer.token.JcaSigningEngine;
import io.sigillum.signer.token.KeyStoreKeys;
import io.sigillum.signer.token.KeyStoreTokenSession;
import io.sigillum.signer.token.SigningToken;
import io.sigillum.signer.token.TokenSession;

import java.io.IOException;
import java.nio.file.Files;
import java.security.AuthProvider;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.Provider;
import java.security.ProviderException;
import java.security.Security;
import java.util.concurrent.atomic.AtomicInteger;

import javax.security.auth.callback.PasswordCallback;
import javax.security.auth.login.LoginException;

/**
 * A PKCS#11 token through the JDK's SunPKCS11 provider (one provider instance per token, never installed globally).
 * Keys are generated inside the token as sensitive, non-extractable token objects, found by alias (CKA_ID/CKA_LABEL),
 * with their certificate stored next to them. SunPKCS11 keeps a pool of sessions and lends one to a Signature or
 * Cipher for the duration of a single operation, so each pool worker, owning its own primitives, holds at most one
 * session at a time and no session is used by two threads at once.
 */
public final class Pkcs11Token implements SigningToken {

    private static final AtomicInteger INSTANCES = new AtomicInteger();

    /** SunPKCS11 templates: every private key we create is sensitive, never extractable and can sign. */
    private static final String KEY_TEMPLATES = """
            attributes(generate, CKO_PRIVATE_KEY, *) = {
              CKA_SENSITIVE = true
              CKA_EXTRACTABLE = false
              CKA_SIGN = true
              CKA_PRIVATE = true
            }
            attributes(import, CKO_PRIVATE_KEY, *) = {
              CKA_SENSITIVE = true
              CKA_EXTRACTABLE = false
            }
            """;

    private final AuthProvider provider;
    private final Pkcs11Config config;
    private final String slotDescription;
    private final KeyStoreKeys keys;

    private Pkcs11Token(AuthProvider provider, Pkcs11Config config, String slotDescription, KeyStore store) {
        this.provider = provider;
        this.config = config;
        this.slotDescription = slotDescription;
        // another instance on the same token may have made a key since this one loaded the store
        this.keys = new KeyStoreKeys(store, null, provider, key -> key, s -> { }, s -> s.load(null, config.pin()));
    }

    /** Loads the module, selects the slot and logs in with the user PIN. */
    public static Pkcs11Token open(Pkcs11Config config) {
        if (!Files.isReadable(config.library())) {
            throw new TokenUnavailableException("PKCS#11 library not found: " + config.library());
        }
        String slotLine;
        String slotDescription;
        if (config.tokenLabel().isPresent()) {
            long slotId = Pkcs11Slots.slotIdOfLabel(config.library(), config.tokenLabel().get());
            slotLine = "slot = " + slotId;
            slotDescription = "token '" + config.tokenLabel().get() + "' (slot " + slotId + ")";
        } else {
            int index = config.slotListIndex().orElse(0);
            slotLine = "slotListIndex = " + index;
            slotDescription = "slot index " + index;
        }
        String text = "--name = Sigillum-" + INSTANCES.incrementAndGet() + "\n"
                + "library = \"" + config.library() + "\"\n" + slotLine + "\n" + KEY_TEMPLATES;
        AuthProvider provider;
        try {
            provider = (AuthProvider) Security.getProvider("SunPKCS11").configure(text);
        } catch (ProviderException | IllegalArgumentException | UnsupportedOperationException e) {
            throw new TokenUnavailableException("cannot load PKCS#11 module " + config.library().getFileName()
                    + " " + slotDescription + ": " + e.getMessage(), e);
        }
        try {
            KeyStore store = KeyStore.getInstance("PKCS11", provider);
            store.load(null, config.pin());
            return new Pkcs11Token(provider, config, slotDescription, store);
        } catch (IOException | GeneralSecurityException | ProviderException e) {
            throw new TokenUnavailableException("cannot log in to PKCS#11 " + slotDescription
                    + " (wrong PIN or token missing?)", e);
        }
    }

    @Override
    public String description() {
        return "PKCS#11 " + config.library().getFileName() + " " + slotDescription;
    }

    @Override
    public String signingProvider() {
        return provider.getName();
    }

    @Override
    public int recommendedWorkers() {
        return Runtime.getRuntime().availableProcessors();
    }

    /** Opens a worker session, logging in again first if the token lost its login (a broken session's usual cause). */
    @Override
    public TokenSession openSession() {
        login();
        return new KeyStoreTokenSession(keys, new JcaSigningEngine(new JcaSigningEngine.Providers(provider, provider)));
    }

    /** The provider instance, for callers that need raw access to this token (benchmarks, diagnostics). */
    public Provider provider() {
        return provider;
    }

    /** Logs the application out of the token: every session of this process loses its login. */
    @Override
    public void close() {
        try {
            provider.logout();
        } catch (LoginException | ProviderException e) {
            // Closing must not fail: the token may already be gone, which is why we are closing.
        }
    }

    private void login() {
        try {
            provider.login(null, callbacks -> {
                for (var callback : callbacks) {
                    if (callback instanceof PasswordCallback password) {
                        password.setPassword(config.pin());
                    }
                }
            });
        } catch (LoginException | ProviderException e) {
            throw new TokenUnavailableException("cannot log in to PKCS#11 " + slotDescription, e);
        }
    }
}
