package io.sigillum.gateway.issuance.application;

import java.util.UUID;
import reactor.core.publisher.Mono;

/**
 * What another capability holds for an application (a booked video call) and lets go of when the applicant cancels it,
 * in the transaction that cancels it: the capabilities that depend on applications say what they hold, not the other
 * way round.
 */
public interface CancellationListener {

    Mono<Void> cancelled(UUID application);
}
