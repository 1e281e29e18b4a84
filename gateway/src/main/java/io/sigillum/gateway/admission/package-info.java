/**
 * Admission control at the edge: a bounded number of requests in flight per class, refused fast (503 + Retry-After)
 * beyond it, and a deadline that travels with each admitted request so work that cannot finish in time is refused before
 * it spends anything.
 */
@NullMarked
package io.sigillum.gateway.admission;

import org.jspecify.annotations.NullMarked;
