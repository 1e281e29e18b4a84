/** Signing credentials: the key, certificate, PIN state and the platforms allowed to use them. */
@NullMarked
package io.sigillum.gateway.credential;

import org.jspecify.annotations.NullMarked;
