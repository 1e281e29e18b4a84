/**
 * The OAuth2 authorization server of the CSC API (CSC §8; RFC 6749, 7636, 9126, 9396, 7009): pushed and direct
 * authorization requests, the QTSP's own authorization page where the holder signs in or gives PIN and SMS code (sole
 * control), single-use codes bound to client, redirect URI and PKCE, and the token and revocation endpoints.
 */
@NullMarked
package io.sigillum.gateway.oauth2;

import org.jspecify.annotations.NullMarked;
