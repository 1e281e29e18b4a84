/**
 * JMH benchmarks of signDoc's document work: a PAdES signature built by EU DSS around one signature from the signing
 * pool, against signHash's one pooled signature, in the same run.
 */
@NullMarked
package io.sigillum.benchmarks.signdoc;

import org.jspecify.annotations.NullMarked;
