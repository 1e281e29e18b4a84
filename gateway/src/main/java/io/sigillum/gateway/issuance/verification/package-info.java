/**
 * Identity verification of an applicant, pluggable per product: mobile self-identification (vendor session + signed
 * webhook), a video call with a consultant (slot booking, the consultant's decision), and a 1.00 PLN verification
 * transfer (payment-provider webhook, payer name and Polish account checked).
 */
@NullMarked
package io.sigillum.gateway.issuance.verification;

import org.jspecify.annotations.NullMarked;
