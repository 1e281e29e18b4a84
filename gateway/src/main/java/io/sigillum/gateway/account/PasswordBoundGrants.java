package io.sigillum.gateway.account;

import reactor.core.publisher.Mono;

/**
 * Grants a holder gave by signing in with their password, kept by a module that builds on this one (the OAuth2 service
 * tokens and their refresh tokens): a new password withdraws them all, as it ends the account's sessions. The module
 * that keeps them implements this; the account module calls it without knowing it.
 */
public interface PasswordBoundGrants {

    /** Withdraws every grant given by the holder of the CSC {@code userID} their credentials are held under. */
    Mono<Void> withdrawAll(String cscUserId);
}
