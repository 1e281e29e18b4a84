/** Demo data for the embedded default (never in prod): a platform, a user and an active credential. */
@NullMarked
package io.sigillum.gateway.devdata;

import org.jspecify.annotations.NullMarked;
