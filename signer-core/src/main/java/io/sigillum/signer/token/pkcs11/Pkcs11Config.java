package io.sigillum.signer.token.pkcs11;

import io.sigillum.signer.InvalidInputException;

import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * How to reach a PKCS#11 token: the module library, the slot (index in the slot list, or the token's label) and the
 * user PIN. {@link #toString()} never shows the PIN.
 */
public record Pkcs11Config(Path library, OptionalInt slotListIndex, Optional<String> tokenLabel, char[] pin) {

    public Pkcs11Config {
        if (slotListIndex.isPresent() && tokenLabel.isPresent()) {
            throw new InvalidInputException("give either a slot list index or a token label, not both");
        }
        if (slotListIndex.isPresent() && slotListIndex.getAsInt() < 0) {
            throw new InvalidInputException("slot list index must be >= 0");
        }
        tokenLabel.ifPresent(label -> {
            if (label.isBlank() || label.length() > 32 || label.contains("\"") || label.contains("\n")) {
                throw new InvalidInputException("token label must be 1-32 characters, no quotes or newlines");
            }
        });
        if (library.toString().contains("\"") || library.toString().contains("\n")) {
            throw new InvalidInputException("library path must not contain quotes or newlines");
        }
        pin = pin.clone();
    }

    /** The token in slot list position {@code index}. */
    public static Pkcs11Config bySlotIndex(Path library, int index, char[] pin) {
        return new Pkcs11Config(library, OptionalInt.of(index), Optional.empty(), pin);
    }

    /** The token whose label is {@code label}. */
    public static Pkcs11Config byTokenLabel(Path library, String label, char[] pin) {
        return new Pkcs11Config(library, OptionalInt.empty(), Optional.of(label), pin);
    }

    @Override
    public char[] pin() {
        return pin.clone();
    }

    @Override
    public String toString() {
        return "Pkcs11Config[library=" + library + ", slotListIndex=" + slotListIndex + ", tokenLabel=" + tokenLabel
                + ", pin=***]";
    }
}
