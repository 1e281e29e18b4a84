package io.sigillum.gateway.config;

/** Reads the innermost cause of a failure for a one-line message. */
final class Causes {

    private Causes() {
    }

    static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }
}
