/**
 * People who log in: applicants, operators of a point of sale and organisation admins. Registration and login with an
 * e-mail and an Argon2id-hashed password (with lockout), operator invitations, opaque bearer sessions in Redis and the
 * {@link io.sigillum.gateway.account.CurrentAccount} argument that carries the caller's role into handlers.
 */
@NullMarked
package io.sigillum.gateway.account;

import org.jspecify.annotations.NullMarked;
