package io.sigillum.gateway.account;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import io.sigillum.gateway.secret.Randomness;

/**
 * Random bearer tokens (256 bits, base64url) and the SHA-256 under which they are stored, so a leaked store holds no
 * usable token. Drawn from {@link Randomness}, one DRBG per thread.
 */
public final class OpaqueTokens {

    private static final int TOKEN_BYTES = 32;

    public String newToken() {
        byte[] bytes = new byte[TOKEN_BYTES];
        Randomness.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
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
