package io.sigillum.gateway.issuance.verification;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The webhook authentication shared by the identity vendor and the payment provider: {@code Sigillum-Signature:
 * v1=<hex HMAC-SHA256(secret, timestamp + "." + raw body)>} with {@code Sigillum-Timestamp: <epoch seconds>}. The raw
 * bytes are signed (never a re-serialised body), the timestamp must lie within the replay window, and the comparison
 * takes constant time.
 */
public final class WebhookSignature {

    public static final String SIGNATURE_HEADER = "Sigillum-Signature";
    public static final String TIMESTAMP_HEADER = "Sigillum-Timestamp";
    private static final String VERSION = "v1=";

    private WebhookSignature() {
    }

    /** Why a webhook was refused. */
    public enum Verdict { VALID, MALFORMED, STALE, BAD_SIGNATURE }

    public static String sign(byte[] secret, long timestamp, byte[] body) {
        return VERSION + HexFormat.of().formatHex(mac(secret, timestamp, body));
    }

    public static Verdict verify(byte[] secret, String timestampHeader, String signatureHeader, byte[] body,
            Instant now, Duration window) {
        long timestamp;
        try {
            timestamp = Long.parseLong(timestampHeader.strip());
        } catch (NumberFormatException e) {
            return Verdict.MALFORMED;
        }
        if (!signatureHeader.startsWith(VERSION)) {
            return Verdict.MALFORMED;
        }
        byte[] presented;
        try {
            presented = HexFormat.of().parseHex(signatureHeader.substring(VERSION.length()).strip());
        } catch (IllegalArgumentException e) {
            return Verdict.MALFORMED;
        }
        if (!withinWindow(timestamp, now, window)) {
            return Verdict.STALE;
        }
        return MessageDigest.isEqual(presented, mac(secret, timestamp, body)) ? Verdict.VALID : Verdict.BAD_SIGNATURE;
    }

    /** Any long is a syntactically valid timestamp; one so far away that the arithmetic overflows is simply stale. */
    private static boolean withinWindow(long timestamp, Instant now, Duration window) {
        try {
            return Math.abs(Math.subtractExact(now.getEpochSecond(), timestamp)) <= window.toSeconds();
        } catch (ArithmeticException e) {
            return false;
        }
    }

    private static byte[] mac(byte[] secret, long timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            mac.update((timestamp + ".").getBytes(StandardCharsets.US_ASCII));
            return mac.doFinal(body);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }
}
