package io.sigillum.gateway.issuance.ecode;

import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.Optional;

/**
 * One e-code as the organisation panel shows it.
 *
 * @param id the code's reference: the voucher and dispose URLs name the code by it, since the code itself is a secret
 *     (whoever holds it can redeem it) and a URL is written down by proxies, access logs and browser histories
 * @param code the code in groups of four
 * @param daysLeft whole days until it expires while it can be redeemed (0 once expired, used or disposed)
 */
public record ECodeView(@Schema(example = "1042") long id, @Schema(example = "Djfw 9mAN vhXk GWiX") String code,
        @Schema(example = "CQS-2Y") String productId,
        @Schema(example = "Cloud qualified signature 2 years") String productName,
        ECodeStatus status, Instant createdAt, Instant expiresAt,
        @Schema(example = "730") long daysLeft,
        Optional<Instant> handedOutAt, Optional<Instant> usedAt, Optional<Instant> disposedAt) {
}
