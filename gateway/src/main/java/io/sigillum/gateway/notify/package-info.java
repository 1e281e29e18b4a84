/** Notifications to people through a transactional outbox in PostgreSQL and a dispatcher that retries with backoff. */
@NullMarked
package io.sigillum.gateway.notify;

import org.jspecify.annotations.NullMarked;
