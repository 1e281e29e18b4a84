package io.sigillum.gateway.web;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Hooks;
import reactor.netty.channel.AbortedException;

/**
 * What Reactor does with an error that arrives after its subscriber has gone. Reactor's default logs each at ERROR
 * with a stack trace. A client that went away (its connection closed or reset before the answer was written) is an
 * everyday event for a server, and a signing seen through to its audit record after its caller left ends exactly so:
 * those are logged at DEBUG. Anything else dropped is logged at WARN, once, with its stack trace.
 */
@Component
class DroppedErrors {

    private static final Logger log = LoggerFactory.getLogger(DroppedErrors.class);
    DroppedErrors() {
        // Reactor chains these hooks; reset first, so that one is installed however many contexts a JVM starts
        Hooks.resetOnErrorDropped();
        Hooks.onErrorDropped(DroppedErrors::dropped);
    }

    static void dropped(Throwable error) {
        if (AbortedException.isConnectionReset(error) || error instanceof AbortedException) {
            log.debug("An answer was not delivered: its client had gone ({})", error.toString());
        } else {
            log.warn("An error arrived after its caller had gone", error);
        }
    }
}
