/** Test support: the choice of real servers and the base of integration tests. */
@NullMarked
package io.sigillum.gateway.support;

import org.jspecify.annotations.NullMarked;
