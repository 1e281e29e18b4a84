package io.sigillum.gateway.issuance.ecode;

import java.time.Instant;
import java.util.Optional;

/**
 * A filtered slice of one organisation's e-codes: a status tab, a code prefix, a product, a creation-time range, and the
 * keyset position (codes are listed newest first by id, so inserts never shift a later page).
 */
record ECodeQuery(ECodeStatus status, Optional<String> codePrefix, Optional<String> productId,
        Optional<Instant> createdFrom, Optional<Instant> createdBefore, Optional<Long> afterId, int limit) {
}
