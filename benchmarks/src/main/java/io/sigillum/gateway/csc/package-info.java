/** A window, for the benchmarks only, onto the gateway's package-private CSC signing pipeline. */
@NullMarked
package io.sigillum.gateway.csc;

import org.jspecify.annotations.NullMarked;
