/** Redis plumbing shared by the features that keep ephemeral state there (OTP, SAD): server-side scripts. */
@NullMarked
package io.sigillum.gateway.redis;

import org.jspecify.annotations.NullMarked;
