package io.sigillum.gateway.csc;

/**
 * What checking the holder's SMS code and PIN found — the same rules in explicit mode and on the authorization page,
 * each caller telling the holder in its own words (CSC error, or the page in the holder's language).
 */
public sealed interface HolderCheck {

    /** Code and PIN right: the code is spent, the PIN failure count reset. */
    record Verified() implements HolderCheck {
    }

    /** Wrong code; {@code attemptsLeft} tries remain for this code. */
    record WrongCode(int attemptsLeft) implements HolderCheck {
    }

    /** Wrong code and that was its last try, or no code is outstanding: a new code is needed. */
    record NoValidCode(boolean burned) implements HolderCheck {
    }

    /** Right code, wrong PIN; {@code attemptsLeft} before the credential locks. */
    record WrongPin(int attemptsLeft) implements HolderCheck {
    }

    /** The credential is locked (now, or by this wrong PIN). */
    record Locked() implements HolderCheck {
    }
}
