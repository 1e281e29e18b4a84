package io.sigillum.gateway.revocation;

import io.sigillum.gateway.web.ApiException;
import java.util.Arrays;
import java.util.Locale;

/**
 * The RFC 5280 reasons for which a certificate is revoked here, by their ASN.1 names ({@code keyCompromise}); a
 * suspension is certificateHold and has endpoints of its own. cACompromise, removeFromCRL and aACompromise are not
 * reasons anyone can give for an end-entity certificate.
 */
enum RevocationReason {
    UNSPECIFIED(0, true), KEY_COMPROMISE(1, true), AFFILIATION_CHANGED(3, true), SUPERSEDED(4, true),
    CESSATION_OF_OPERATION(5, true), PRIVILEGE_WITHDRAWN(9, false);

    private final int code;
    private final boolean holderMayGive;

    RevocationReason(int code, boolean holderMayGive) {
        this.code = code;
        this.holderMayGive = holderMayGive;
    }

    int code() {
        return code;
    }

    /** The CA withdraws a privilege; a holder cannot say that of themselves. */
    boolean holderMayGive() {
        return holderMayGive;
    }

    /** {@code keyCompromise} etc.; absent means unspecified. */
    static RevocationReason parse(String name) {
        return Arrays.stream(values()).filter(reason -> reason.wireName().equals(name)).findFirst()
                .orElseThrow(() -> ApiException.badRequest("reason must be one of " + Arrays.stream(values())
                        .map(RevocationReason::wireName).toList()));
    }

    /** The ASN.1 name of RFC 5280 §5.3.1. */
    String wireName() {
        String[] words = name().toLowerCase(Locale.ROOT).split("_");
        StringBuilder camel = new StringBuilder(words[0]);
        for (int i = 1; i < words.length; i++) {
            camel.append(Character.toUpperCase(words[i].charAt(0))).append(words[i].substring(1));
        }
        return camel.toString();
    }

    /** The wire name of any RFC 5280 code, certificateHold included, for answers and the audit. */
    static String nameOf(int code) {
        return code == 6 ? "certificateHold"
                : Arrays.stream(values()).filter(reason -> reason.code == code).findFirst().map(RevocationReason::wireName)
                        .orElse("reason" + code);
    }
}
