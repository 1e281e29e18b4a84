/** OAuth2 client credentials for platforms: the token endpoint, JWT access tokens, signing keys, bearer authentication. */
@NullMarked
package io.sigillum.gateway.auth;

import org.jspecify.annotations.NullMarked;
