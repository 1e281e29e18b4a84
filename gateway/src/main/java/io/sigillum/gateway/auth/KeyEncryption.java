package io.sigillum.gateway.auth;

import io.sigillum.gateway.secret.Randomness;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.KDF;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.HKDFParameterSpec;

/**
 * The access-token signing keys at rest: each private JWK encrypted with AES-256-GCM under a key derived (HKDF-SHA256)
 * from {@link OAuth2Properties#keyEncryptionSecret}, its {@code kid} bound as associated data, so that a stored key can
 * neither be read nor moved to another {@code kid}. Stored as {@code enc:v1:} and the Base64 of nonce and ciphertext.
 */
final class KeyEncryption {

    static final String PREFIX = "enc:v1:";
    private static final byte[] INFO = "sigillum access-token signing keys v1".getBytes(StandardCharsets.US_ASCII);
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final SecretKey key;

    KeyEncryption(String secret) {
        try {
            this.key = KDF.getInstance("HKDF-SHA256").deriveKey("AES", HKDFParameterSpec.ofExtract()
                    .addIKM(secret.getBytes(StandardCharsets.UTF_8)).thenExpand(INFO, 32));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HKDF-SHA256 and AES are part of every Java platform", e);
        }
    }

    /** Whether a stored value is encrypted (else it is a clear JWK stored before encryption came). */
    static boolean isEncrypted(String stored) {
        return stored.startsWith(PREFIX);
    }

    String encrypt(String kid, String jwk) {
        byte[] nonce = new byte[NONCE_BYTES];
        Randomness.nextBytes(nonce);
        try {
            Cipher cipher = cipher(Cipher.ENCRYPT_MODE, kid, nonce);
            byte[] sealed = cipher.doFinal(jwk.getBytes(StandardCharsets.UTF_8));
            byte[] stored = Arrays.copyOf(nonce, NONCE_BYTES + sealed.length);
            System.arraycopy(sealed, 0, stored, NONCE_BYTES, sealed.length);
            return PREFIX + Base64.getEncoder().encodeToString(stored);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Could not encrypt an access-token key", e);
        }
    }

    /** The JWK, or a failure naming the setting: another secret than the one it was stored under cannot open it. */
    String decrypt(String kid, String stored) {
        try {
            byte[] bytes = Base64.getDecoder().decode(stored.substring(PREFIX.length()));
            Cipher cipher = cipher(Cipher.DECRYPT_MODE, kid, Arrays.copyOf(bytes, NONCE_BYTES));
            return new String(cipher.doFinal(bytes, NONCE_BYTES, bytes.length - NONCE_BYTES), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException | IllegalArgumentException | ArrayIndexOutOfBoundsException e) {
            throw new IllegalStateException("The stored access-token key " + kid + " does not decrypt: is "
                    + "sigillum.oauth2.key-encryption-secret (SIGILLUM_OAUTH2_KEY_ENCRYPTION_SECRET) the one it was stored under?");
        }
    }

    private Cipher cipher(int mode, String kid, byte[] nonce) throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(mode, key, new GCMParameterSpec(TAG_BITS, nonce));
        cipher.updateAAD(kid.getBytes(StandardCharsets.UTF_8));
        return cipher;
    }
}
