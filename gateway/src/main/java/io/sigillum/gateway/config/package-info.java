/** Start-up: the embedded default (PostgreSQL, Redis), schema migration and fail-fast checks. */
@NullMarked
package io.sigillum.gateway.config;

import org.jspecify.annotations.NullMarked;
