/** The signing pool: bounded queue, worker threads owning their sessions, circuit breaker, metrics, reactive facade. */
@NullMarked
package io.sigillum.signer.pool;

import org.jspecify.annotations.NullMarked;
