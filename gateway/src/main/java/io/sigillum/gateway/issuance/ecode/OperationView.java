package io.sigillum.gateway.issuance.ecode;

import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.Optional;

/**
 * One entry of the history of operations: who did what, when.
 *
 * @param operation STOCK_ADDED, GENERATED, HANDED_OUT, REDEEMED, DISPOSED or EXPIRED
 * @param code the e-code concerned, for operations on one code
 * @param actor the e-mail of who acted; empty when the gateway noticed an expiry
 */
public record OperationView(@Schema(example = "GENERATED") String operation,
        @Schema(example = "CQS-2Y") String productId,
        @Schema(example = "10") int quantity,
        Optional<String> code,
        @Schema(example = "admin@demo.local") Optional<String> actor,
        Instant at) {
}
