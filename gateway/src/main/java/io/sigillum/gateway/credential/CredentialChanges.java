package io.sigillum.gateway.credential;

import reactor.core.publisher.Mono;

/**
 * Tells every gateway instance that a credential changed (unlocked, its PIN set, its certificate revoked...), so each
 * drops what it cached of it and the change holds on all of them at once, not only on the instance that made it. The
 * module that broadcasts implements this; the ones that change credentials call it without knowing it.
 */
public interface CredentialChanges {

    /** Forgets the credential here at once, then tells the other instances; a failure to tell them is not an error. */
    Mono<Void> changed(String credentialId);
}
