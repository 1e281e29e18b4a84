/** What operators of the QTSP see of the running gateway itself: health details behind their session, metrics behind a scrape token. */
@NullMarked
package io.sigillum.gateway.operations;

import org.jspecify.annotations.NullMarked;
