/**
 * Issuance of cloud qualified certificates: the product catalogue and stock ({@code product}), e-codes/vouchers
 * ({@code ecode}) and the application wizard ({@code application}). Shared here: settings, value errors and the
 * Idempotency-Key store of state transitions.
 */
@NullMarked
package io.sigillum.gateway.issuance;

import org.jspecify.annotations.NullMarked;
