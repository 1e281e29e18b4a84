package io.sigillum.gateway.support;

import java.io.ByteArrayOutputStream;

/** DER a hostile client sends: SEQUENCEs nested {@code depth} deep around a NULL, each with its definite length. */
public final class NestedDer {

    private NestedDer() {
    }

    public static byte[] sequences(int depth) {
        byte[] value = {0x05, 0x00};
        for (int i = 0; i < depth; i++) {
            ByteArrayOutputStream out = new ByteArrayOutputStream(value.length + 6);
            out.write(0x30);
            if (value.length < 0x80) {
                out.write(value.length);
            } else {
                int octets = (32 - Integer.numberOfLeadingZeros(value.length) + 7) / 8;
                out.write(0x80 | octets);
                for (int shift = 8 * (octets - 1); shift >= 0; shift -= 8) {
                    out.write(value.length >>> shift);
                }
            }
            out.writeBytes(value);
            value = out.toByteArray();
        }
        return value;
    }
}
