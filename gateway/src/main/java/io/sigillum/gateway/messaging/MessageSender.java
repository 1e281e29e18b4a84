package io.sigillum.gateway.messaging;

import reactor.core.publisher.Mono;

/** The port through which every SMS and e-mail leaves the gateway. Completes when the message is handed over. */
public interface MessageSender {

    Mono<Void> send(OutboundMessage message);
}
