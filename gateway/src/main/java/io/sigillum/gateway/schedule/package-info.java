/** Work each instance runs on a schedule of its own. */
@NullMarked
package io.sigillum.gateway.schedule;

import org.jspecify.annotations.NullMarked;
