package io.sigillum.gateway.account;

import io.sigillum.gateway.web.ApiException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/**
 * The rules of every password set here (registration, an operator made, an invitation accepted, a password reset):
 * between the configured least length and 128 characters, not blank, no NUL, and none an attacker tries first (NIST SP
 * 800-63B §5.1.1.2): one of the most used or leaked passwords, a character or a short group repeated, or a run of the
 * alphabet, the digits or a keyboard row. Signing in refuses a blank password or a NUL too, so none is ever set.
 */
@Component
class PasswordRules {

    /** Runs typed without thinking, forwards and backwards: the alphabet, the digits, the keyboard's rows and columns. */
    private static final List<String> RUNS = List.of("abcdefghijklmnopqrstuvwxyz", "01234567890", "qwertyuiopasdfghjklzxcvbnm",
            "1qaz2wsx3edc4rfv5tgb6yhn7ujm8ik9ol0p");
    /** A group of at most this many characters repeated is no more than the group. */
    private static final int LONGEST_REPEATED_GROUP = 4;

    private final int minLength;
    private final Set<String> common;

    PasswordRules(AccountsProperties properties) {
        this.minLength = properties.minPasswordLength();
        this.common = commonPasswords();
    }

    /** Refuses a password against the rules with the field error the API answers with (400 {@code invalid_request}). */
    void check(String password) {
        check(password, "password", Optional.empty());
    }

    /**
     * As {@link #check(String)}, and not the account's own e-mail address or the name before its {@code @} (NIST SP
     * 800-63B §5.1.1.2: context-specific words, such as the username).
     */
    void checkFor(String password, String email) {
        check(password, "password", Optional.of(email));
    }

    /** As {@link #check(String)}, the field error naming {@code field}. */
    void check(String password, String field, Optional<String> email) {
        // characters as a person counts them: code points (an emoji is one), in the form the password is hashed in
        String normalised = PasswordHasher.normalised(password);
        int length = normalised.codePointCount(0, normalised.length());
        if (length < minLength || length > 128) {
            throw passwordError(field, "Size", "must be between " + minLength + " and 128 characters");
        }
        if (password.isBlank() || password.indexOf('\u0000') >= 0 || !wellFormed(password)) {
            throw passwordError(field, "Pattern", "must not be blank or contain a NUL character or a broken character "
                    + "(an unpaired UTF-16 surrogate)");
        }
        if (guessable(password.toLowerCase(Locale.ROOT))) {
            throw passwordError(field, "Guessable", "is among the passwords tried first (a most used or leaked one, a "
                    + "repeated character or group, or a run such as 1234567890 or qwertyuiop): choose another");
        }
        if (email.filter(address -> ofAddress(normalised.toLowerCase(Locale.ROOT), address)).isPresent()) {
            throw passwordError(field, "ContextSpecific", "must not be or contain your e-mail address or the name before "
                    + "its @: it is the first thing tried");
        }
    }

    /** Whether the password holds the address, or the name before its {@code @} when that has 4 characters or more. */
    private static boolean ofAddress(String password, String email) {
        String address = PasswordHasher.normalised(email).toLowerCase(Locale.ROOT);
        String name = address.substring(0, Math.max(0, address.indexOf('@')));
        return password.contains(address) || name.codePointCount(0, name.length()) >= 4 && password.contains(name);
    }

    private boolean guessable(String password) {
        return common.contains(password) || repeated(password)
                || RUNS.stream().anyMatch(run -> run.contains(password) || new StringBuilder(run).reverse().indexOf(password) >= 0);
    }

    /** Whether the password is a group of up to {@value #LONGEST_REPEATED_GROUP} characters typed over and over. */
    private static boolean repeated(String password) {
        for (int group = 1; group <= LONGEST_REPEATED_GROUP; group++) {
            boolean repeats = true;
            for (int i = group; i < password.length() && repeats; i++) {
                repeats = password.charAt(i) == password.charAt(i - group);
            }
            if (repeats) {
                return true;
            }
        }
        return false;
    }

    private static Set<String> commonPasswords() {
        try (InputStream list = PasswordRules.class.getResourceAsStream("/accounts/common-passwords.txt")) {
            if (list == null) {
                throw new IllegalStateException("accounts/common-passwords.txt is missing from the build");
            }
            return new String(list.readAllBytes(), StandardCharsets.UTF_8).lines().map(String::strip)
                    .filter(line -> !line.isEmpty() && !line.startsWith("#")).map(line -> line.toLowerCase(Locale.ROOT))
                    .collect(Collectors.toUnmodifiableSet());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Refuses a new password that is the current one (checked once the current one is proven): a change that changes
     * nothing would still end every session and grant, and the person believes the password is new.
     */
    void checkChanged(String current, String next) {
        if (current.equals(next)) {
            throw passwordError("newPassword", "Unchanged", "must differ from the current password");
        }
    }

    /**
     * Whether every surrogate is paired: a lone one has no UTF-8 form, so two passwords differing only in it would be
     * hashed alike (each as '?').
     */
    private static boolean wellFormed(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    private static ApiException passwordError(String field, String code, String message) {
        return ApiException.invalidField(field, code, message);
    }
}
