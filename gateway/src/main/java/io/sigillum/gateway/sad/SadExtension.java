package io.sigillum.gateway.sad;

import java.util.List;
import java.util.Optional;

/** What extending a SAD (extendTransaction) found. */
public sealed interface SadExtension {

    /**
     * The old SAD is spent ({@code replaced}: all its signatures, given back by {@link SadStore#undo} should the new one
     * not reach the platform); {@code sad} carries {@code grant} with a fresh lifetime.
     */
    record Extended(IssuedSad sad, SadGrant grant, SadConsumption.Granted replaced) implements SadExtension {
    }

    /** Refused, the old SAD left as it was, with the reason a platform may be told. */
    record Refused(SadConsumption.Reason reason, String detail) implements SadExtension {
    }

    /**
     * The hashes the extended SAD is to be narrowed to: each one of those the holder authorized.
     *
     * @param hashes the hashes (canonical base64), at least one
     * @param namedAlgorithmOid the hash algorithm the caller named for them, which must be the SAD's
     */
    record NewHashes(List<String> hashes, Optional<String> namedAlgorithmOid) {

        public NewHashes {
            hashes = List.copyOf(hashes);
            if (hashes.isEmpty()) {
                throw new IllegalArgumentException("new hashes: at least one");
            }
        }
    }
}
