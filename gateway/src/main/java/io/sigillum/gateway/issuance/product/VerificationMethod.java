package io.sigillum.gateway.issuance.product;

import java.util.Set;

/**
 * How an applicant proves identity remotely, and from which countries an identity card is accepted for it (a passport is
 * accepted from any country). The seeds: EuroCert's mobile self-identification takes ID cards from Poland and Germany only;
 * a video call with a consultant and the 1 PLN verification transfer (from a Polish bank account) take Polish ID cards.
 */
public enum VerificationMethod {
    MOBILE_SELF_ID(Set.of("PL", "DE")),
    VIDEO_CALL(Set.of("PL")),
    BANK_TRANSFER(Set.of("PL"));

    private final Set<String> idCardCountries;

    VerificationMethod(Set<String> idCardCountries) {
        this.idCardCountries = idCardCountries;
    }

    /** ISO 3166-1 alpha-2 codes of the countries whose identity cards this method accepts. */
    public Set<String> idCardCountries() {
        return idCardCountries;
    }
}
