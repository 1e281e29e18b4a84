/** Start-up: the embedded default (PostgreSQL, Redis), Flyway pointed at the R2DBC database, fail-fast checks. */
@NullMarked
package io.sigillum.gateway.config;

import org.jspecify.annotations.NullMarked;
