/** Shared test fixtures: a throw-away SoftHSM2 token, process running, independent verification. */
@NullMarked
package io.sigillum.signer.testing;

import org.jspecify.annotations.NullMarked;
