/** Shared secret handling: Argon2id hashing of passwords and PINs off the event loop, constant-time comparison. */
@NullMarked
package io.sigillum.gateway.security;

import org.jspecify.annotations.NullMarked;
