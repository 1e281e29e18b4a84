/** Signing algorithms, digests and their OIDs, as CSC clients name them. */
@NullMarked
package io.sigillum.signer.algorithm;

import org.jspecify.annotations.NullMarked;
