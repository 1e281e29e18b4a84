package io.sigillum.gateway.csc.wire;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The {@code hashes} of a request, checked once for every method that takes them: present, not too many, standard
 * Base64, each exactly as long as the hash algorithm's output. Carries the decoded digests (for the token) and their
 * canonical Base64 (for binding a SAD and for the audit), index for index.
 */
public record Hashes(List<byte[]> digests, List<String> canonical) {

    /** Reads {@code hashes}; {@code whenEmpty} is the error text for a missing or empty array. */
    static Hashes read(CscRequest request, int digestLength, int maxCount, String whenEmpty) {
        return read(request, Set.of(digestLength), maxCount, whenEmpty);
    }

    /**
     * Reads {@code hashes} of one length, any of {@code digestLengths} (when the request names no hash algorithm); the
     * first hash's length is the one the others must have.
     */
    static Hashes read(CscRequest request, Set<Integer> digestLengths, int maxCount, String whenEmpty) {
        List<String> values = request.stringArray("hashes");
        if (values.isEmpty()) {
            throw CscErrors.invalidRequest(whenEmpty);
        }
        if (values.size() > maxCount) {
            throw CscErrors.invalidRequest("Too many hashes: at most " + maxCount + " per call");
        }
        List<byte[]> digests = new ArrayList<>(values.size());
        List<String> canonical = new ArrayList<>(values.size());
        for (int i = 0; i < values.size(); i++) {
            byte[] digest;
            try {
                digest = Base64.getDecoder().decode(values.get(i));
            } catch (IllegalArgumentException e) {
                throw CscErrors.invalidRequest("Invalid Base64 hash string parameter (hashes[" + i + "])");
            }
            boolean fits = digests.isEmpty() ? digestLengths.contains(digest.length) : digest.length == digests.getFirst().length;
            if (!fits) {
                throw CscErrors.invalidRequest("Invalid digest value length (hashes[" + i + "]: " + digest.length
                        + " bytes, expected " + (digests.isEmpty() ? expected(digestLengths) : digests.getFirst().length) + ")");
            }
            digests.add(digest);
            canonical.add(canonical(values.get(i), digest));
        }
        return new Hashes(List.copyOf(digests), List.copyOf(canonical));
    }

    /**
     * The canonical Base64 of a value that decoded to {@code digest}: the value itself when it already is (padded,
     * and the bits its last character carries beyond the bytes zero, as an encoder writes them), which clients send;
     * encoded anew otherwise, since a decoder accepts a value without its padding or with those bits set.
     */
    private static String canonical(String value, byte[] digest) {
        return value.length() == 4 * ((digest.length + 2) / 3) && unusedBitsZero(value, digest.length % 3) ? value
                : Base64.getEncoder().encodeToString(digest);
    }

    /** Whether the bits beyond the bytes in the last character before a padded value's {@code =} are zero. */
    private static boolean unusedBitsZero(String padded, int lengthModThree) {
        return switch (lengthModThree) {
            case 1 -> (sextet(padded.charAt(padded.length() - 3)) & 0x0F) == 0;
            case 2 -> (sextet(padded.charAt(padded.length() - 2)) & 0x03) == 0;
            default -> true;
        };
    }

    /** The six bits a character of the standard Base64 alphabet stands for. */
    private static int sextet(char c) {
        if (c >= 'A' && c <= 'Z') {
            return c - 'A';
        }
        if (c >= 'a' && c <= 'z') {
            return c - 'a' + 26;
        }
        if (c >= '0' && c <= '9') {
            return c - '0' + 52;
        }
        return c == '+' ? 62 : 63;
    }

    private static String expected(Set<Integer> lengths) {
        return lengths.stream().sorted().map(String::valueOf).collect(Collectors.joining(" or "));
    }

    public int size() {
        return digests.size();
    }

    @Override
    public String toString() {
        return "Hashes[" + digests.size() + "]";
    }
}
