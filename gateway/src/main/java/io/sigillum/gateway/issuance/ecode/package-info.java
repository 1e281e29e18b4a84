/**
 * E-codes (vouchers): generation from stock, the list with status tabs and keyset pagination, the CSV report, the history
 * of operations, the voucher PDF, disposal and the exactly-once redemption.
 */
@NullMarked
package io.sigillum.gateway.issuance.ecode;

import org.jspecify.annotations.NullMarked;
