package io.sigillum.gateway.account;

import io.sigillum.gateway.web.ApiException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * The rules of every password set here (registration, an operator made, an invitation accepted, a password reset):
 * between the configured least length and 128 characters, not blank, no NUL. Signing in refuses a blank password or a
 * NUL too, so none is ever set.
 */
@Component
class PasswordRules {

    private final int minLength;

    PasswordRules(AccountsProperties properties) {
        this.minLength = properties.minPasswordLength();
    }

    /** Refuses a password against the rules with the field error the API answers with (400 {@code invalid_request}). */
    void check(String password) {
        check(password, "password");
    }

    /** As {@link #check(String)}, the field error naming {@code field}. */
    void check(String password, String field) {
        if (password.length() < minLength || password.length() > 128) {
            throw passwordError(field, "Size", "must be between " + minLength + " and 128 characters");
        }
        if (password.isBlank() || password.indexOf('\u0000') >= 0 || !wellFormed(password)) {
            throw passwordError(field, "Pattern", "must not be blank or contain a NUL character or a broken character "
                    + "(an unpaired UTF-16 surrogate)");
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
        return new ApiException(HttpStatus.BAD_REQUEST, "invalid_request", "Request validation failed",
                Map.of("errors", List.of(Map.of("field", field, "code", code, "message", message))), Optional.empty());
    }
}
