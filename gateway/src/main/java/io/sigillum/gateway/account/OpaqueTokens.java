package io.sigillum.gateway.account;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import io.sigillum.gateway.secret.Randomness;
import io.sigillum.gateway.secret.Sha256;

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
        return HexFormat.of().formatHex(Sha256.of(token.getBytes(StandardCharsets.UTF_8)));
    }
}
