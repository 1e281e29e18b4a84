/**
 * Development data (never in prod, one switch: sigillum.dev-data.enabled): the demo organisation and admin, platform,
 * user and credential.
 */
@NullMarked
package io.sigillum.gateway.devdata;

import org.jspecify.annotations.NullMarked;
