package io.sigillum.signer.token;

import io.sigillum.signer.InvalidInputException;
import io.sigillum.signer.TokenUnavailableException;
import io.sigillum.signer.algorithm.EmsaPss;
import io.sigillum.signer.algorithm.KeyType;
import io.sigillum.signer.algorithm.PssParameters;
import io.sigillum.signer.algorithm.SignatureScheme;

import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.ProviderException;
import java.security.SecureRandom;
import java.security.Signature;
import java.util.LinkedHashMap;
import java.util.Map;

import javax.crypto.Cipher;

/**
 * Signs pre-computed digests with raw JCA primitives of one provider, for one worker thread. RSA PKCS#1 v1.5 is the
 * private-key PKCS#1 "encryption" of the DigestInfo (what NONEwithRSA does), RSASSA-PSS is our EMSA-PSS encoding
 * signed with raw RSA, ECDSA is NONEwithECDSA (DER output). Initialised primitives are kept per key so the hot path
 * does not re-initialise them on every call. Not thread-safe, by design: one engine per session.
 */
public final class JcaSigningEngine {

    /** The providers whose raw primitives sign: RSA ciphers and the ECDSA signature. */
    public record Providers(Provider rsa, Provider ecdsa) {
    }

    private static final int PRIMED_CAPACITY = 256;

    private final Providers providers;
    private final SecureRandom random = new SecureRandom();
    private final Map<Primed, Object> primed = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Primed, Object> eldest) {
            return size() > PRIMED_CAPACITY;
        }
    };

    public JcaSigningEngine(Providers providers) {
        this.providers = providers;
    }

    /** Signs {@code digest}, which the caller has already checked against {@code scheme}. */
    public byte[] sign(KeyHandle key, SignatureScheme scheme, byte[] digest) {
        KeyType keyType = key.info().algorithm().keyType();
        if (keyType != scheme.keyType()) {
            throw new InvalidInputException(scheme.algorithm() + " cannot sign with " + keyType + " key "
                    + key.ref().alias());
        }
        Primitive kind = Primitive.of(scheme);
        Primed slot = new Primed(key, kind);
        try {
            return switch (kind) {
                case RSA_PKCS1 -> cipher(slot).doFinal(scheme.digest().digestInfo(digest));
                case RSA_RAW -> cipher(slot).doFinal(pssEncode(key, scheme.pss().orElseThrow(), digest));
                case ECDSA -> {
                    Signature signature = signature(slot);
                    signature.update(digest);
                    yield signature.sign();
                }
            };
        } catch (GeneralSecurityException | ProviderException | IllegalStateException e) {
            primed.remove(slot);
            throw new TokenUnavailableException("signing with " + key.ref().alias() + " failed: " + e, e);
        }
    }

    /** Drops every initialised primitive (the session is being closed or reopened). */
    public void clear() {
        primed.clear();
    }

    private byte[] pssEncode(KeyHandle key, PssParameters params, byte[] digest) {
        int bits = key.info().algorithm().bits();
        byte[] em = EmsaPss.encode(digest, params, bits, random);
        int k = (bits + 7) / 8;
        if (em.length == k) {
            return em;
        }
        byte[] padded = new byte[k];
        System.arraycopy(em, 0, padded, k - em.length, em.length);
        return padded;
    }

    private Cipher cipher(Primed slot) throws GeneralSecurityException {
        Object existing = primed.get(slot);
        if (existing instanceof Cipher cipher) {
            return cipher;
        }
        String transformation = slot.kind == Primitive.RSA_PKCS1 ? "RSA/ECB/PKCS1Padding" : "RSA/ECB/NoPadding";
        Cipher cipher = Cipher.getInstance(transformation, providers.rsa());
        cipher.init(Cipher.ENCRYPT_MODE, privateKey(slot));
        primed.put(slot, cipher);
        return cipher;
    }

    private Signature signature(Primed slot) throws GeneralSecurityException {
        Object existing = primed.get(slot);
        if (existing instanceof Signature signature) {
            return signature;
        }
        Signature signature = Signature.getInstance("NONEwithECDSA", providers.ecdsa());
        signature.initSign(privateKey(slot));
        primed.put(slot, signature);
        return signature;
    }

    private static PrivateKey privateKey(Primed slot) {
        return slot.key.privateKey();
    }

    private enum Primitive {
        RSA_PKCS1, RSA_RAW, ECDSA;

        static Primitive of(SignatureScheme scheme) {
            return switch (scheme.algorithm()) {
                case RSASSA_PSS -> RSA_RAW;
                case ECDSA_SHA256, ECDSA_SHA384, ECDSA_SHA512 -> ECDSA;
                default -> RSA_PKCS1;
            };
        }
    }

    /** Identity of a (key handle, primitive) pair: handles are compared by reference, which is cheap and exact. */
    private record Primed(KeyHandle key, Primitive kind) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Primed other && other.key == key && other.kind == kind;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(key) * 31 + kind.ordinal();
        }
    }
}
