package io.sigillum.gateway.csc.wire;

import java.util.List;
import java.util.Optional;

/**
 * {@code credentials/list}: whose credentials (absent for a user-bound token), how much of each to describe, and which
 * page: at most {@code maxResults} of them (all when absent), from where the {@code pageToken} of the previous page says.
 * Each description is the one {@code credentials/info} gives, its {@code auth} included unless {@code authInfo} is
 * false: clients read it in both (the EUDI rQES client requires it in every {@code credentialInfos} entry).
 *
 * @param from the position of the page's first credential in the whole list (0 without a page token)
 */
public record ListRequest(Optional<String> userId, boolean credentialInfo, Certificates certificates, boolean certInfo,
        boolean authInfo, boolean onlyValid, Optional<Integer> maxResults, int from) {

    private static final String PAGE_TOKEN_PREFIX = "p";

    public static ListRequest read(CscRequest request) {
        Optional<String> userId = request.optionalString("userID");
        if (userId.filter(id -> id.length() > CredentialId.MAX_LENGTH).isPresent()) {
            throw CscErrors.invalidParameter("userID");
        }
        return new ListRequest(userId, request.optionalBoolean("credentialInfo", false), Certificates.read(request),
                request.optionalBoolean("certInfo", false), request.optionalBoolean("authInfo", true),
                request.optionalBoolean("onlyValid", false), maxResults(request), from(request));
    }

    /** The page of {@code all} this request asks for. */
    public <T> List<T> page(List<T> all) {
        int start = Math.min(from, all.size());
        return all.subList(start, maxResults.map(max -> (int) Math.min(all.size(), (long) start + max)).orElse(all.size()));
    }

    /** The token of the page after the one {@link #page} gave, if credentials remain after it. */
    public Optional<String> nextPageToken(List<?> all) {
        int next = from + page(all).size();
        return next < all.size() ? Optional.of(PAGE_TOKEN_PREFIX + next) : Optional.empty();
    }

    private static Optional<Integer> maxResults(CscRequest request) {
        if (!request.has("maxResults")) {
            return Optional.empty();
        }
        int max = request.requiredInt("maxResults");
        if (max < 1) {
            throw CscErrors.invalidParameter("maxResults");
        }
        return Optional.of(max);
    }

    private static int from(CscRequest request) {
        Optional<String> token = request.optionalString("pageToken");
        if (token.isEmpty()) {
            return 0;
        }
        String position = token.get().startsWith(PAGE_TOKEN_PREFIX) ? token.get().substring(PAGE_TOKEN_PREFIX.length()) : "";
        if (position.isEmpty() || position.length() > 9 || !position.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw CscErrors.invalidParameter("pageToken");
        }
        return Integer.parseInt(position);
    }
}
