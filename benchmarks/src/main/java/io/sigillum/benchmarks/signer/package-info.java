/** JMH benchmarks of the signing pool against the raw provider on the same token, in the same run. */
@NullMarked
package io.sigillum.benchmarks.signer;

import org.jspecify.annotations.NullMarked;
