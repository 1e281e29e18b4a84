/** Outbound SMS and e-mail: the sender port and its adapters (the dev file outbox). */
@NullMarked
package io.sigillum.gateway.messaging;

import org.jspecify.annotations.NullMarked;
