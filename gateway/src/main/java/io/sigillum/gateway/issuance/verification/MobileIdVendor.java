package io.sigillum.gateway.issuance.verification;

import reactor.core.publisher.Mono;

/**
 * The mobile self-identification vendor: opens a session for our reference and returns the link the applicant opens on
 * the phone. The result comes back later by webhook, carrying the same reference.
 */
public interface MobileIdVendor {

    /** A vendor session: its id and the link for the applicant. */
    record Session(String sessionId, String link) {
    }

    Mono<Session> createSession(String reference, String callbackUrl);
}
