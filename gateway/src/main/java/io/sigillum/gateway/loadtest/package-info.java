/**
 * What the {@code loadtest} profile adds for {@code load-tests/}: a constant baseline endpoint, so a run measures this
 * server's HTTP ceiling next to the signing path. Nothing here exists without that profile.
 */
@NullMarked
package io.sigillum.gateway.loadtest;

import org.jspecify.annotations.NullMarked;
