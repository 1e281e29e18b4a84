/** JMH benchmarks of the gateway's signHash hot path in-process, stage by stage, against one raw signature. */
@NullMarked
package io.sigillum.benchmarks.gateway;

import org.jspecify.annotations.NullMarked;
