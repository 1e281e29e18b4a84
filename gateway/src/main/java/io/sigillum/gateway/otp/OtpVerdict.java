package io.sigillum.gateway.otp;

/** What checking a one-time code found. */
public enum OtpVerdict {
    /** Right code; it is now spent. */
    ACCEPTED,
    /** Wrong code; tries remain. */
    WRONG,
    /** Wrong code, and that was the last try: the code is burned. */
    BURNED,
    /** No code is outstanding (never sent, expired, spent or burned). */
    NONE
}
