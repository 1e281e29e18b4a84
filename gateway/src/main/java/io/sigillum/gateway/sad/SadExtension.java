package io.sigillum.gateway.sad;

import java.util.List;
import java.util.Optional;

/** What extending a SAD (extendTransaction) found. */
public sealed interface SadExtension {

    /** The old SAD is gone; {@code sad} carries {@code grant} with a fresh lifetime. */
    record Extended(IssuedSad sad, SadGrant grant) implements SadExtension {
    }

    /** Refused, the old SAD left as it was, with the reason a platform may be told. */
    record Refused(SadConsumption.Reason reason, String detail) implements SadExtension {
    }

    /**
     * New hashes for the extended SAD, in place of the grant's.
     *
     * @param hashes the new hashes (canonical base64), at least one
     * @param namedAlgorithmOid the hash algorithm the caller named for them, which the new SAD takes; when none is named
     *        the new SAD keeps the old one's, which must then be one of {@code compatibleOids}
     * @param compatibleOids the algorithms whose digests are as long as the new hashes
     */
    record NewHashes(List<String> hashes, Optional<String> namedAlgorithmOid, List<String> compatibleOids) {

        public NewHashes {
            hashes = List.copyOf(hashes);
            compatibleOids = List.copyOf(compatibleOids);
            if (hashes.isEmpty()) {
                throw new IllegalArgumentException("new hashes: at least one");
            }
        }
    }
}
