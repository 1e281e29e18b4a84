package io.sigillum.loadtests;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

/** Fresh values a journey needs: PKCE verifiers and challenges (RFC 7636, S256), OAuth2 states, documents' hashes. */
final class Values {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder URL = Base64.getUrlEncoder().withoutPadding();

    private Values() {
    }

    /** 32 random bytes, base64url: a PKCE code verifier, or (shorter use) an OAuth2 state. */
    static String random() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return URL.encodeToString(bytes);
    }

    /** The S256 code challenge of a verifier. */
    static String challenge(String verifier) {
        return URL.encodeToString(sha256(verifier.getBytes(StandardCharsets.US_ASCII)));
    }

    /** The base64 SHA-256 of a fresh random "document": what a platform sends to be signed. */
    static String documentHash() {
        byte[] document = new byte[64];
        RANDOM.nextBytes(document);
        return Base64.getEncoder().encodeToString(sha256(document));
    }

    private static byte[] sha256(byte[] input) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(input);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
