/**
 * signer-core test fixtures: the SoftHSM2 token opened as a Pkcs11Token, independent verification (process running and
 * the token set-up itself live in test-support).
 */
@NullMarked
package io.sigillum.signer.testing;

import org.jspecify.annotations.NullMarked;
