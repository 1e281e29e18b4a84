/** The remote-signing gateway: CSC API v2, OAuth2 clients, OTP and SAD, issuance, audit. */
@NullMarked
package io.sigillum.gateway;

import org.jspecify.annotations.NullMarked;
