/** One-time codes sent by SMS: issue, rate-limit, verify, burn (Redis). */
@NullMarked
package io.sigillum.gateway.otp;

import org.jspecify.annotations.NullMarked;
