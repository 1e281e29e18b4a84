package io.sigillum.gateway.ca;

/**
 * How deep a client's DER nests, told without recursion, before a parser that recurses reads it: Bouncy Castle's
 * {@code ASN1InputStream} builds each constructed value inside the one around it, so 2,000 nested SEQUENCEs in 8 kB (an
 * OCSP request) or 20,000 in 80 kB (a timestamp request) overflow the stack of the thread that reads them. The protocols'
 * own structures nest a dozen levels at most (an OCSP request with its signer's certificate included).
 */
public final class DerNesting {

    /** Deeper than any structure of RFC 3161, RFC 6960 or RFC 5280 a client sends. */
    public static final int MAX_DEPTH = 32;

    private DerNesting() {
    }

    /**
     * Whether {@code der} is a run of definite-length TLVs whose constructed values nest at most {@code maxDepth} deep,
     * each within the one around it. Indefinite lengths (BER, not DER) and lengths past their enclosing value are not.
     */
    public static boolean within(byte[] der, int maxDepth) {
        int[] ends = new int[maxDepth + 1];
        int depth = 0;
        ends[0] = der.length;
        int at = 0;
        while (true) {
            while (depth > 0 && at == ends[depth]) {
                depth--;
            }
            int end = ends[depth];
            if (at == end) {
                return true;
            }
            int identifier = der[at++] & 0xFF;
            if ((identifier & 0x1F) == 0x1F) { // a tag number of several octets, each but the last with bit 8 set
                do {
                    if (at == end) {
                        return false;
                    }
                } while ((der[at++] & 0x80) != 0);
            }
            if (at == end) {
                return false;
            }
            int first = der[at++] & 0xFF;
            long length = first;
            if (first >= 0x80) {
                int octets = first & 0x7F;
                if (octets == 0 || octets > 4) { // indefinite, or longer than any input read here
                    return false;
                }
                length = 0;
                for (int i = 0; i < octets; i++) {
                    if (at == end) {
                        return false;
                    }
                    length = (length << 8) | (der[at++] & 0xFF);
                }
            }
            if (length > end - at) {
                return false;
            }
            if ((identifier & 0x20) != 0) {
                if (depth == maxDepth) {
                    return false;
                }
                ends[++depth] = at + (int) length;
            } else {
                at += (int) length;
            }
        }
    }
}
