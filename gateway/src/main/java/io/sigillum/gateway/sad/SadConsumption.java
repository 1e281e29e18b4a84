package io.sigillum.gateway.sad;

/** What spending a SAD on a signHash call found. */
public sealed interface SadConsumption {

    /**
     * Allowed; {@code remaining} signatures are left. {@code spendKey} and {@code spent} name this call's spend, for
     * {@link SadStore#giveBack} should nothing be released.
     */
    record Granted(String sadId, int remaining, String spendKey, int spent) implements SadConsumption {
    }

    /** Refused, with the reason a platform may be told. */
    record Refused(String sadId, Reason reason, String detail) implements SadConsumption {
    }

    /** Why a SAD did not allow the call. */
    enum Reason { UNKNOWN_OR_EXPIRED, WRONG_BINDING, WRONG_ALGORITHM, HASH_NOT_AUTHORIZED, EXHAUSTED }
}
