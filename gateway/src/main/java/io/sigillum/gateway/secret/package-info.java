/**
 * Secrets the gateway makes and keeps: Argon2id hashing of passwords and PINs on a bounded scheduler, and the random source
 * of codes, SADs, salts and ids. Not authentication: platforms are authenticated in {@code auth}, people in {@code account}.
 */
@NullMarked
package io.sigillum.gateway.secret;

import org.jspecify.annotations.NullMarked;
