package io.sigillum.signer.algorithm;

import io.sigillum.signer.InvalidInputException;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;

/**
 * EMSA-PSS encoding (RFC 8017 §9.1.1) of an already computed message hash, so any raw RSA primitive can sign PSS
 * over a digest the client computed.
 */
public final class EmsaPss {

    private EmsaPss() {
    }

    /** Encodes {@code mHash} into an encoded message of {@code ceil((modBits-1)/8)} bytes. */
    public static byte[] encode(byte[] mHash, PssParameters params, int modulusBits, SecureRandom random) {
        int emBits = modulusBits - 1;
        int emLen = (emBits + 7) / 8;
        int hLen = params.digest().digestLength();
        int sLen = params.saltLength();
        if (emLen < hLen + sLen + 2) {
            throw new InvalidInputException("RSA key too short for these PSS parameters");
        }
        byte[] salt = new byte[sLen];
        random.nextBytes(salt);
        MessageDigest hash = digest(params.digest());
        hash.update(new byte[8]);
        hash.update(mHash);
        byte[] h = hash.digest(salt);

        byte[] db = new byte[emLen - hLen - 1];
        db[db.length - sLen - 1] = 0x01;
        System.arraycopy(salt, 0, db, db.length - sLen, sLen);
        byte[] mask = mgf1(h, db.length, digest(params.mgfDigest()));
        for (int i = 0; i < db.length; i++) {
            db[i] ^= mask[i];
        }
        db[0] &= (byte) (0xFF >>> (8 * emLen - emBits));

        byte[] em = Arrays.copyOf(db, emLen);
        System.arraycopy(h, 0, em, db.length, hLen);
        em[emLen - 1] = (byte) 0xBC;
        return em;
    }

    private static byte[] mgf1(byte[] seed, int length, MessageDigest hash) {
        byte[] out = new byte[length];
        byte[] counter = new byte[4];
        int offset = 0;
        for (int i = 0; offset < length; i++) {
            counter[0] = (byte) (i >>> 24);
            counter[1] = (byte) (i >>> 16);
            counter[2] = (byte) (i >>> 8);
            counter[3] = (byte) i;
            hash.update(seed);
            byte[] block = hash.digest(counter);
            int n = Math.min(block.length, length - offset);
            System.arraycopy(block, 0, out, offset, n);
            offset += n;
        }
        return out;
    }

    private static MessageDigest digest(DigestAlgorithm algorithm) {
        try {
            return MessageDigest.getInstance(algorithm.jcaName());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm + " missing from the JDK", e);
        }
    }
}
