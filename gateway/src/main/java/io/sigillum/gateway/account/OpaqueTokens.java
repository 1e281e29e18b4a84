package io.sigillum.gateway.account;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Random bearer tokens (256 bits, base64url) and the SHA-256 under which they are stored, so a leaked store holds no
 * usable token. The DRBG is seeded once at construction, on a start-up thread, so drawing from it never reads
 * {@code /dev/urandom} on an event-loop thread.
 */
public final class OpaqueTokens {

    private static final int TOKEN_BYTES = 32;

    private final SecureRandom random;

    public OpaqueTokens() {
        try {
            this.random = SecureRandom.getInstance("DRBG");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("The JDK has no DRBG", e);
        }
        random.nextBytes(new byte[TOKEN_BYTES]);
    }

    public String newToken() {
        byte[] bytes = new byte[TOKEN_BYTES];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    public SecureRandom random() {
        return random;
    }

    public static String hash(String token) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("The JDK has no SHA-256", e);
        }
    }
}
