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
        }
        return new Hashes(List.copyOf(digests), digests.stream().map(d -> Base64.getEncoder().encodeToString(d)).toList());
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
