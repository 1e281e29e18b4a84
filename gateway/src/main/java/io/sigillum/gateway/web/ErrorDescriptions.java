package io.sigillum.gateway.web;

/**
 * An {@code error_description} as OAuth2 allows it (RFC 6749 §5.2 and §4.1.2.1: only the printable ASCII characters
 * other than {@code "} and {@code \}), of a bounded length: what a client sent and the description echoes cannot then
 * break a client's parser, nor make the answer as large as the request. CSC answers in the same form (CSC API v2 §10).
 */
public final class ErrorDescriptions {

    /** Long enough for every description the gateway writes; an echo of a client's input is cut there. */
    static final int MAX_LENGTH = 300;
    private static final String CUT = "...";

    private ErrorDescriptions() {
    }

    public static String safe(String description) {
        StringBuilder safe = new StringBuilder(Math.min(description.length(), MAX_LENGTH) + 8);
        for (int i = 0; i < description.length() && safe.length() < MAX_LENGTH; i++) {
            char c = description.charAt(i);
            if (c == '§') {
                safe.append("section ");
                if (i + 1 < description.length() && description.charAt(i + 1) == ' ') {
                    i++; // "§ 2" as "section 2", not "section  2"
                }
            } else if (c == '"') {
                safe.append('\'');
            } else if (c == '\\') {
                safe.append('/');
            } else if (c >= 0x20 && c <= 0x7e) {
                safe.append(c);
            } else if (Character.isWhitespace(c)) {
                safe.append(' ');
            } else {
                safe.append('?');
                if (Character.isHighSurrogate(c) && i + 1 < description.length()) {
                    i++; // one character, one mark
                }
            }
        }
        if (safe.length() >= MAX_LENGTH) {
            safe.setLength(MAX_LENGTH - CUT.length());
            safe.append(CUT);
        }
        return safe.toString();
    }
}
